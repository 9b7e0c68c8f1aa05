import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "./constant-time-equal.js";
import { verifyWebhookSignature } from "./verify-webhook-signature.js";

const body = new TextEncoder().encode('{"action":"opened","ü":1}');
const sign = (secret: string) => createHmac("sha256", secret).update(body).digest("hex");

describe("verifyWebhookSignature (§12)", () => {
  it("accepts the HMAC-SHA256 of the raw body, in either hex case", async () => {
    expect(await verifyWebhookSignature("s3cret", body, sign("s3cret"))).toBe(true);
    expect(await verifyWebhookSignature("s3cret", body, sign("s3cret").toUpperCase())).toBe(true);
  });

  it("rejects a wrong secret, a truncated signature, or nothing", async () => {
    expect(await verifyWebhookSignature("s3cret", body, sign("other"))).toBe(false);
    expect(await verifyWebhookSignature("s3cret", body, sign("s3cret").slice(0, 63))).toBe(false);
    expect(await verifyWebhookSignature("s3cret", body, null)).toBe(false);
    expect(await verifyWebhookSignature(null, body, sign("s3cret"))).toBe(false);
  });
});

describe("constantTimeEqual", () => {
  it("compares whole strings", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});
