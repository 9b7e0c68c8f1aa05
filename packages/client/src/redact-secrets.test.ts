import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets";

const KEY = `agk_${"a1B2".repeat(10)}`;
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMiLCJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

describe("redactSecrets", () => {
  it.each([
    ["a bare agk_ key", `key ${KEY} leaked`, "key agk_[REDACTED] leaked"],
    ["a bearer key", `Authorization: Bearer ${KEY}`, "Authorization: Bearer [REDACTED]"],
    ["a bearer JWT", `authorization: bearer ${JWT}`, "authorization: bearer [REDACTED]"],
    ["a bare JWT", `token=${JWT};`, "token=[REDACTED];"],
    [
      "a non-bearer Authorization value",
      '{"authorization":"token ghp_abc123"}',
      '{"authorization":"[REDACTED]"}',
    ],
    ["a malformed key with punctuation", "agk_abc-def.ghi/jkl=", "agk_[REDACTED]"],
  ])("removes %s", (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("leaves text without secrets unchanged", () => {
    const text = "Policy 'Block deletes' matched for pull_request.create (risk high)";
    expect(redactSecrets(text)).toBe(text);
  });

  it("is idempotent", () => {
    const once = redactSecrets(`Bearer ${KEY} and ${JWT} and Authorization: token x`);
    expect(redactSecrets(once)).toBe(once);
  });

  it("never lets an agk_ key or a bearer token through, whatever surrounds it", () => {
    const keyChars = fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split(""),
    );
    const key = fc.string({ unit: keyChars, minLength: 40, maxLength: 40 }).map((tail) => `agk_${tail}`);
    const noise = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(noise, key, noise, fc.boolean(), (before, secret, after, asBearer) => {
        const text = `${before} ${asBearer ? `Bearer ${secret}` : secret} ${after}`;
        const redacted = redactSecrets(text);
        expect(redacted).not.toContain(secret.slice(4));
        expect(redacted).not.toMatch(/agk_[A-Za-z0-9]/);
      }),
    );
  });
});
