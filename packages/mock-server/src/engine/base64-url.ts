const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Base64url (RFC 4648 §5, no padding) of the UTF-8 bytes of `text`, with only web-standard APIs.
 *
 * @example
 * encodeBase64Url('{"alg":"none"}'); // "eyJhbGciOiJub25lIn0"
 */
export function encodeBase64Url(text: string): string {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes base64url (padding optional) as UTF-8 text; null when it is not valid base64url/UTF-8.
 *
 * @example
 * decodeBase64Url("eyJhbGciOiJub25lIn0"); // '{"alg":"none"}'
 */
export function decodeBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
