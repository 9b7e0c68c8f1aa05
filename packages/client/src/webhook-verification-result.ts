/**
 * The raw request body exactly as received (do not re-serialise parsed JSON: the bytes must match).
 *
 * @example
 * ```ts
 * const payload: WebhookPayload = new Uint8Array(await request.arrayBuffer());
 * ```
 */
export type WebhookPayload = string | Uint8Array | ArrayBuffer;

/**
 * Why a webhook was rejected: no signature header, a signature that does not match, or (Linear) a
 * `webhookTimestamp` that is missing or more than five minutes away from now.
 *
 * @example
 * ```ts
 * if (!verification.valid && verification.reason === "timestamp_outside_window") console.warn("replayed webhook?");
 * ```
 */
export type WebhookRejectionReason =
  | "missing_signature"
  | "invalid_signature"
  | "missing_timestamp"
  | "timestamp_outside_window";

/**
 * Result of `verifyGitHubSignature` / `verifyLinearSignature`. A rejection is a result, not an error:
 * answer the webhook with 401 and move on.
 *
 * @example
 * ```ts
 * const verification = await verifyGitHubSignature({ secret, payload, signature });
 * if (!verification.valid) return new Response(verification.reason, { status: 401 });
 * ```
 */
export type WebhookVerificationResult = { valid: true } | { valid: false; reason: WebhookRejectionReason };
