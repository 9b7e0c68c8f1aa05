import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signLinearPayload, verifyLinearSignature } from "./verify-linear-signature";

const secret = "lin-webhook-secret";
const now = Date.parse("2025-01-01T12:00:00.000Z");

function signed(body: Record<string, unknown>) {
  const payload = JSON.stringify(body);
  return { payload, signature: createHmac("sha256", secret).update(payload).digest("hex") };
}

describe("verifyLinearSignature", () => {
  it("accepts a fresh, correctly signed event", async () => {
    const event = signed({ type: "Issue", action: "create", webhookTimestamp: now - 1000 });
    await expect(verifyLinearSignature({ secret, ...event, now })).resolves.toEqual({ valid: true });
  });

  it("accepts an event exactly five minutes old and rejects one a millisecond older", async () => {
    const edge = signed({ webhookTimestamp: now - 300_000 });
    const stale = signed({ webhookTimestamp: now - 300_001 });
    await expect(verifyLinearSignature({ secret, ...edge, now })).resolves.toEqual({ valid: true });
    await expect(verifyLinearSignature({ secret, ...stale, now })).resolves.toEqual({
      valid: false,
      reason: "timestamp_outside_window",
    });
  });

  it("rejects a timestamp more than five minutes in the future", async () => {
    const future = signed({ webhookTimestamp: now + 300_001 });
    await expect(verifyLinearSignature({ secret, ...future, now })).resolves.toMatchObject({
      reason: "timestamp_outside_window",
    });
  });

  it.each([
    ["no timestamp", { type: "Issue" }],
    ["a string timestamp", { webhookTimestamp: String(now) }],
  ])("rejects a signed event with %s", async (_name, body) => {
    await expect(verifyLinearSignature({ secret, ...signed(body), now })).resolves.toEqual({
      valid: false,
      reason: "missing_timestamp",
    });
  });

  it("checks the signature before trusting the timestamp", async () => {
    const event = signed({ webhookTimestamp: now - 10 * 60_000 });
    const forged = { payload: event.payload, signature: "0".repeat(64) };
    await expect(verifyLinearSignature({ secret, ...forged, now })).resolves.toEqual({
      valid: false,
      reason: "invalid_signature",
    });
  });

  it.each([
    ["another secret", (payload: string) => createHmac("sha256", "other").update(payload).digest("hex")],
    ["a short value", () => "abc"],
    [
      "a sha256= prefixed value",
      (payload: string) => `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`,
    ],
  ])("rejects a signature made with %s", async (_name, sign) => {
    const payload = JSON.stringify({ webhookTimestamp: now });
    await expect(verifyLinearSignature({ secret, payload, signature: sign(payload), now })).resolves.toEqual({
      valid: false,
      reason: "invalid_signature",
    });
  });

  it("reports a missing header", async () => {
    const event = signed({ webhookTimestamp: now });
    await expect(
      verifyLinearSignature({ secret, payload: event.payload, signature: null, now }),
    ).resolves.toEqual({
      valid: false,
      reason: "missing_signature",
    });
  });

  it("accepts the body as bytes", async () => {
    const event = signed({ webhookTimestamp: now });
    const bytes = new TextEncoder().encode(event.payload);
    await expect(
      verifyLinearSignature({ secret, payload: bytes, signature: event.signature, now }),
    ).resolves.toEqual({
      valid: true,
    });
  });
});

describe("signLinearPayload", () => {
  it("produces the Linear-Signature value", async () => {
    const event = signed({ webhookTimestamp: now });
    await expect(signLinearPayload({ secret, payload: event.payload })).resolves.toBe(event.signature);
  });
});
