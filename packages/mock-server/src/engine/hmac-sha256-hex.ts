import { bytesToHex } from "./sha256-hex.js";

const encoder = new TextEncoder();

/**
 * HMAC-SHA256 of `body` keyed with `secret`, as lowercase hex, through Web Crypto. Used to verify
 * webhook signatures (§12).
 *
 * @example
 * await hmacSha256Hex("secret", '{"a":1}'); // 64 hex characters
 */
export async function hmacSha256Hex(secret: string, body: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const data = typeof body === "string" ? encoder.encode(body) : body;
  const signature = await crypto.subtle.sign("HMAC", key, data);
  return bytesToHex(new Uint8Array(signature));
}
