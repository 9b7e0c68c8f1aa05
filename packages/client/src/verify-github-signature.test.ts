import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signGitHubPayload, verifyGitHubSignature } from "./verify-github-signature";

const secret = "gh-webhook-secret";
const payload = JSON.stringify({ action: "opened", repository: { full_name: "owner/repo" } });
const expected = `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;

describe("verifyGitHubSignature", () => {
  it("accepts the signature GitHub would send", async () => {
    await expect(verifyGitHubSignature({ secret, payload, signature: expected })).resolves.toEqual({
      valid: true,
    });
  });

  it("accepts the same body as bytes and an upper-case digest", async () => {
    const bytes = new TextEncoder().encode(payload);
    const upper = `sha256=${expected.slice(7).toUpperCase()}`;
    await expect(verifyGitHubSignature({ secret, payload: bytes, signature: upper })).resolves.toEqual({
      valid: true,
    });
  });

  it.each([
    [
      "a signature made with another secret",
      `sha256=${createHmac("sha256", "other").update(payload).digest("hex")}`,
    ],
    ["a digest without the sha256= prefix", expected.slice(7)],
    ["a sha1= signature", `sha1=${createHmac("sha1", secret).update(payload).digest("hex")}`],
    ["a truncated digest", expected.slice(0, -2)],
    ["a digest with extra characters", `${expected}00`],
  ])("rejects %s", async (_name, signature) => {
    await expect(verifyGitHubSignature({ secret, payload, signature })).resolves.toEqual({
      valid: false,
      reason: "invalid_signature",
    });
  });

  it("rejects a body changed after signing", async () => {
    const tampered = payload.replace("opened", "closed");
    await expect(
      verifyGitHubSignature({ secret, payload: tampered, signature: expected }),
    ).resolves.toMatchObject({
      valid: false,
    });
  });

  it.each([null, undefined, ""])("reports a missing header (%o)", async (signature) => {
    await expect(verifyGitHubSignature({ secret, payload, signature })).resolves.toEqual({
      valid: false,
      reason: "missing_signature",
    });
  });

  it("throws for an empty secret instead of answering invalid", async () => {
    await expect(verifyGitHubSignature({ secret: "", payload, signature: expected })).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});

describe("signGitHubPayload", () => {
  it("produces the X-Hub-Signature-256 value", async () => {
    await expect(signGitHubPayload({ secret, payload })).resolves.toBe(expected);
  });
});
