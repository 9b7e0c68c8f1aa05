import { hmacSha256Hex } from "./hmac-sha256-hex";
import { timingSafeEqual } from "./timing-safe-equal";
import type { WebhookPayload, WebhookVerificationResult } from "./webhook-verification-result";

const PREFIX = "sha256=";
const HEX_DIGEST_LENGTH = 64;

/**
 * Input of {@link verifyGitHubSignature}.
 *
 * @example
 * ```ts
 * const options: VerifyGitHubSignatureOptions = { secret, payload: rawBody, signature: headers.get("x-hub-signature-256") };
 * ```
 */
export interface VerifyGitHubSignatureOptions {
  /** The webhook secret (Sentrail → Tools → GitHub → Webhook Secret, or your GitHub App's). */
  secret: string;
  /** The raw request body, exactly as received. */
  payload: WebhookPayload;
  /** The `X-Hub-Signature-256` header value (`sha256=<hex>`); `null` when the header is absent. */
  signature: string | null | undefined;
}

/**
 * Input of {@link signGitHubPayload}.
 *
 * @example
 * ```ts
 * await signGitHubPayload({ secret: "s3cret", payload: "{}" });
 * ```
 */
export interface SignGitHubPayloadOptions {
  secret: string;
  payload: WebhookPayload;
}

/**
 * Checks a GitHub webhook's `X-Hub-Signature-256` header: `sha256=` followed by the hex HMAC-SHA256 of
 * the raw body. The prefix and the length are checked first, then the digests are compared in constant
 * time. Uses Web Crypto, so it works in Node 20+, browsers and edge runtimes.
 *
 * Resolves `{ valid: false, reason }` for a missing or wrong signature; rejects only for a
 * configuration problem (empty secret, no Web Crypto).
 *
 * @example
 * ```ts
 * import { verifyGitHubSignature } from "@sentrail/client";
 *
 * const payload = await request.text();
 * const verification = await verifyGitHubSignature({
 *   secret: process.env.GITHUB_WEBHOOK_SECRET!,
 *   payload,
 *   signature: request.headers.get("x-hub-signature-256"),
 * });
 * if (!verification.valid) return new Response("Invalid signature", { status: 401 });
 * ```
 */
export async function verifyGitHubSignature(
  options: VerifyGitHubSignatureOptions,
): Promise<WebhookVerificationResult> {
  const { signature } = options;
  // A misconfigured secret fails loudly, whatever the request carries.
  if (typeof options.secret !== "string" || options.secret === "") {
    throw new TypeError("The webhook secret must be a non-empty string");
  }
  if (typeof signature !== "string" || signature === "") return { valid: false, reason: "missing_signature" };
  const received = signature.startsWith(PREFIX) ? signature.slice(PREFIX.length).toLowerCase() : "";
  // Length first: a wrong-length value is rejected before any HMAC is computed or compared.
  if (received.length !== HEX_DIGEST_LENGTH) return { valid: false, reason: "invalid_signature" };
  const expected = await hmacSha256Hex(options.secret, options.payload);
  return timingSafeEqual(expected, received)
    ? { valid: true }
    : { valid: false, reason: "invalid_signature" };
}

/**
 * Produces the `X-Hub-Signature-256` value GitHub would send for `payload` (`sha256=<hex>`).
 * Meant for tests and for forwarding signed events to a local receiver.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ action: "opened" });
 * const signature = await signGitHubPayload({ secret: "s3cret", payload: body });
 * await fetch(url, { method: "POST", body, headers: { "X-Hub-Signature-256": signature } });
 * ```
 */
export async function signGitHubPayload(options: SignGitHubPayloadOptions): Promise<string> {
  return PREFIX + (await hmacSha256Hex(options.secret, options.payload));
}
