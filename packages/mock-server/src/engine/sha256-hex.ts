const encoder = new TextEncoder();

/**
 * SHA-256 of the UTF-8 bytes of `text`, as lowercase hex, through Web Crypto (no Node built-ins, so the
 * engine runs in browsers and edge runtimes too).
 *
 * @example
 * await sha256Hex("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return bytesToHex(new Uint8Array(digest));
}

/**
 * Lowercase hex of a byte array.
 *
 * @example
 * bytesToHex(new Uint8Array([1, 255])); // "01ff"
 */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
