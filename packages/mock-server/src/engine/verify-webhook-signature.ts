import { constantTimeEqual } from "./constant-time-equal.js";
import { hmacSha256Hex } from "./hmac-sha256-hex.js";

/**
 * Checks a webhook's HMAC-SHA256 signature over the raw body (§12) with a constant-time comparison.
 * `signature` is the hex digest (GitHub's `sha256=` prefix removed by the caller); hex case is ignored.
 * False when the secret or the signature is missing.
 *
 * @example
 * await verifyWebhookSignature("s3cret", body, request.headers.get("linear-signature"));
 */
export async function verifyWebhookSignature(
  secret: string | null | undefined,
  body: Uint8Array<ArrayBuffer>,
  signature: string | null,
): Promise<boolean> {
  if (!secret || !signature) return false;
  const expected = await hmacSha256Hex(secret, body);
  return constantTimeEqual(expected, signature.trim().toLowerCase());
}
