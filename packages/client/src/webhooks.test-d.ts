import { describe, expectTypeOf, it } from "vitest";
import type * as webhooks from "./webhooks";

describe("@sentrail/client/webhooks", () => {
  it("exports exactly these values", () => {
    expectTypeOf<keyof typeof webhooks>().toEqualTypeOf<
      "signGitHubPayload" | "signLinearPayload" | "verifyGitHubSignature" | "verifyLinearSignature"
    >();
  });

  it("exports these types", () => {
    expectTypeOf<webhooks.WebhookPayload>().toEqualTypeOf<string | Uint8Array | ArrayBuffer>();
    expectTypeOf<webhooks.WebhookRejectionReason>().toEqualTypeOf<
      "missing_signature" | "invalid_signature" | "missing_timestamp" | "timestamp_outside_window"
    >();
    expectTypeOf<webhooks.WebhookVerificationResult>().toHaveProperty("valid");
    expectTypeOf<webhooks.VerifyGitHubSignatureOptions>().toHaveProperty("signature");
    expectTypeOf<webhooks.VerifyLinearSignatureOptions>().toHaveProperty("now");
    expectTypeOf<webhooks.SignGitHubPayloadOptions>().toHaveProperty("secret");
    expectTypeOf<webhooks.SignLinearPayloadOptions>().toHaveProperty("payload");
  });

  it("resolves a verification result, never a bare boolean", () => {
    expectTypeOf<
      typeof webhooks.verifyGitHubSignature
    >().returns.resolves.toEqualTypeOf<webhooks.WebhookVerificationResult>();
    expectTypeOf<
      typeof webhooks.verifyLinearSignature
    >().returns.resolves.toEqualTypeOf<webhooks.WebhookVerificationResult>();
  });
});
