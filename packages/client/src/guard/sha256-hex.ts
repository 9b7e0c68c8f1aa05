const encoder = new TextEncoder();

/**
 * SHA-256 of a UTF-8 string as lowercase hex, computed with Web Crypto (`crypto.subtle`), so the main
 * entry point needs no Node built-in and runs in Node 20+, browsers, Deno, Bun and edge runtimes.
 * Throws a `TypeError` when Web Crypto is missing.
 *
 * @example
 * ```ts
 * await sha256Hex("abc"); // => "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new TypeError("Web Crypto (crypto.subtle) is not available in this runtime");
  const digest = new Uint8Array(await subtle.digest("SHA-256", encoder.encode(text)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
