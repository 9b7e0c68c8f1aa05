import { asRecord } from "./as-record";
import { hmacSha256Hex } from "./hmac-sha256-hex";
import { parseJson } from "./parse-json";
import { timingSafeEqual } from "./timing-safe-equal";
import type { WebhookPayload, WebhookVerificationResult } from "./webhook-verification-result";

const HEX_DIGEST_LENGTH = 64;
/** Contract §4.8: events whose `webhookTimestamp` is more than five minutes away from now are rejected. */
const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;
const decoder = new TextDecoder();

/**
 * Input of {@link verifyLinearSignature}.
 *
 * @example
 * ```ts
 * const options: VerifyLinearSignatureOptions = { secret, payload: rawBody, signature: headers.get("linear-signature") };
 * ```
 */
export interface VerifyLinearSignatureOptions {
  /** The webhook secret (Sentrail → Tools → Linear → Webhook Secret, or your Linear webhook's). */
  secret: string;
  /** The raw request body, exactly as received. */
  payload: WebhookPayload;
  /** The `Linear-Signature` header value (hex); `null` when the header is absent. */
  signature: string | null | undefined;
  /** Current time in epoch milliseconds. Defaults to `Date.now()`. */
  now?: number;
}

/**
 * Input of {@link signLinearPayload}.
 *
 * @example
 * ```ts
 * await signLinearPayload({ secret: "s3cret", payload: JSON.stringify({ webhookTimestamp: Date.now() }) });
 * ```
 */
export interface SignLinearPayloadOptions {
  secret: string;
  payload: WebhookPayload;
}

/**
 * Checks a Linear webhook: the `Linear-Signature` header (hex HMAC-SHA256 of the raw body, length checked
 * first, compared in constant time), then the payload's `webhookTimestamp` (epoch milliseconds), which
 * must be within five minutes of `now` (replay protection). The timestamp is read only after the signature
 * matched, so it cannot be forged. Uses Web Crypto (Node 20+, browsers, edge runtimes).
 *
 * Resolves `{ valid: false, reason }` for a missing/wrong signature or a missing/stale timestamp; rejects
 * only for a configuration problem (empty secret, no Web Crypto).
 *
 * @example
 * ```ts
 * import { verifyLinearSignature } from "@sentrail/client";
 *
 * const payload = await request.text();
 * const verification = await verifyLinearSignature({
 *   secret: process.env.LINEAR_WEBHOOK_SECRET!,
 *   payload,
 *   signature: request.headers.get("linear-signature"),
 * });
 * if (!verification.valid) return new Response(verification.reason, { status: 401 });
 * ```
 */
export async function verifyLinearSignature(
  options: VerifyLinearSignatureOptions,
): Promise<WebhookVerificationResult> {
  const { signature } = options;
  // A misconfigured secret fails loudly, whatever the request carries.
  if (typeof options.secret !== "string" || options.secret === "") {
    throw new TypeError("The webhook secret must be a non-empty string");
  }
  if (typeof signature !== "string" || signature === "") return { valid: false, reason: "missing_signature" };
  const received = signature.toLowerCase();
  // Length first: a wrong-length value is rejected before any comparison.
  if (received.length !== HEX_DIGEST_LENGTH) return { valid: false, reason: "invalid_signature" };
  const expected = await hmacSha256Hex(options.secret, options.payload);
  if (!timingSafeEqual(expected, received)) return { valid: false, reason: "invalid_signature" };

  const timestamp = readWebhookTimestamp(options.payload);
  if (timestamp === undefined) return { valid: false, reason: "missing_timestamp" };
  const now = options.now ?? Date.now();
  if (Math.abs(now - timestamp) > TIMESTAMP_WINDOW_MS)
    return { valid: false, reason: "timestamp_outside_window" };
  return { valid: true };
}

/**
 * Produces the `Linear-Signature` value Linear would send for `payload` (lowercase hex).
 * Meant for tests and for forwarding signed events to a local receiver.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ type: "Issue", action: "create", webhookTimestamp: Date.now() });
 * const signature = await signLinearPayload({ secret: "s3cret", payload: body });
 * await fetch(url, { method: "POST", body, headers: { "Linear-Signature": signature } });
 * ```
 */
export async function signLinearPayload(options: SignLinearPayloadOptions): Promise<string> {
  return hmacSha256Hex(options.secret, options.payload);
}

function readWebhookTimestamp(payload: WebhookPayload): number | undefined {
  const timestamp = asRecord(
    parseJson(typeof payload === "string" ? payload : decoder.decode(payload)),
  ).webhookTimestamp;
  return typeof timestamp === "number" && Number.isFinite(timestamp) ? timestamp : undefined;
}
