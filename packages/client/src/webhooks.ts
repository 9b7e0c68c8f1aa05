// The public API of @sentrail/client/webhooks: GitHub and Linear webhook signature helpers (Web Crypto;
// Node 20+, browsers, edge runtimes). A separate entry point so agent bundles never carry it.
// Adding a line here is an API decision.

export type { SignGitHubPayloadOptions, VerifyGitHubSignatureOptions } from "./verify-github-signature";
export { signGitHubPayload, verifyGitHubSignature } from "./verify-github-signature";
export type { SignLinearPayloadOptions, VerifyLinearSignatureOptions } from "./verify-linear-signature";
export { signLinearPayload, verifyLinearSignature } from "./verify-linear-signature";
export type {
  WebhookPayload,
  WebhookRejectionReason,
  WebhookVerificationResult,
} from "./webhook-verification-result";
