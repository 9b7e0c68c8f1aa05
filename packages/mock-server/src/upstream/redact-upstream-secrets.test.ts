import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../engine/redact-secrets.js";
import { collectSecretValues, redactHeaders } from "./redact-upstream-secrets.js";

describe("redactHeaders", () => {
  it("redacts credentials by header name and by value shape, and keeps the rest", () => {
    expect(
      redactHeaders({
        authorization: "Bearer gho_abc123",
        cookie: "a=b",
        "mcp-session-id": "5f1e",
        "x-github-token": "whatever",
        "x-trace": "token lin_api_0123456789",
        "x-key": "agk_0123456789abcdef0123456789abcdef01234567",
        "x-forwarded-for": "https://bot:pass1234@proxy.test",
        accept: "application/json",
        "content-type": "application/json",
      }),
    ).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      "mcp-session-id": REDACTED,
      "x-github-token": REDACTED,
      "x-trace": REDACTED,
      "x-key": REDACTED,
      "x-forwarded-for": REDACTED,
      accept: "application/json",
      "content-type": "application/json",
    });
  });
});

describe("collectSecretValues with redactSecrets", () => {
  it("scrub the credentials carried by headers, whatever their shape, from URLs and bodies", () => {
    const knownSecrets = collectSecretValues({ authorization: "token opaque-secret-value" });
    expect(redactSecrets("https://x.test/?t=opaque-secret-value&k=agk_abc", { knownSecrets })).toBe(
      "https://x.test/?t=[redacted]&k=[redacted]",
    );
    expect(
      redactSecrets(
        { note: "uses opaque-secret-value", nested: [{ access_token: "plain", ok: 1 }], password: "p" },
        { knownSecrets },
      ),
    ).toEqual({ note: "uses [redacted]", nested: [{ access_token: REDACTED, ok: 1 }], password: REDACTED });
  });

  it("ignores credentials too short to be real, so innocent text survives", () => {
    expect(collectSecretValues({ authorization: "Bearer x" })).toEqual(["Bearer x"]);
    expect(
      redactSecrets("a box of x", { knownSecrets: collectSecretValues({ authorization: "Bearer x" }) }),
    ).toBe("a box of x");
  });
});
