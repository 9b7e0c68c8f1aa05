import type { WebhookPayload } from "./webhook-verification-result";

const encoder = new TextEncoder();

/**
 * HMAC-SHA256 of `payload` keyed with `secret`, as lowercase hex, computed with Web Crypto
 * (`crypto.subtle`), so it runs unchanged in Node 20+, browsers, Deno, Bun and edge runtimes.
 * Throws a `TypeError` for an empty secret (Web Crypto refuses zero-length HMAC keys, and an empty
 * secret is always a configuration mistake) or when Web Crypto is missing.
 *
 * @example
 * ```ts
 * await hmacSha256Hex("It's a Secret to Everybody", "Hello, World!");
 * // => "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
 * ```
 */
export async function hmacSha256Hex(secret: string, payload: WebhookPayload): Promise<string> {
  if (typeof secret !== "string" || secret === "")
    throw new TypeError("The webhook secret must be a non-empty string");
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new TypeError("Web Crypto (crypto.subtle) is not available in this runtime");
  const key = await subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const data = typeof payload === "string" ? encoder.encode(payload) : payload;
  const digest = new Uint8Array(await subtle.sign("HMAC", key, data as BufferSource));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
