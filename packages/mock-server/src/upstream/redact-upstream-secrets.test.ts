import { describe, expect, it } from "vitest";
import {
  collectSecretValues,
  REDACTED,
  redactHeaders,
  redactJson,
  redactText,
} from "./redact-upstream-secrets.js";

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
      accept: "application/json",
      "content-type": "application/json",
    });
  });
});

describe("redactText and redactJson", () => {
  it("scrub the credentials carried by headers, and any agk_ key, from URLs and bodies", () => {
    const secrets = collectSecretValues({ authorization: "token ghs_secretvalue" });
    expect(redactText("https://x.test/?t=ghs_secretvalue&k=agk_abc", secrets)).toBe(
      "https://x.test/?t=[redacted]&k=[redacted]",
    );
    expect(
      redactJson(
        { note: "uses ghs_secretvalue", nested: [{ access_token: "plain", ok: 1 }], password: "p" },
        secrets,
      ),
    ).toEqual({ note: "uses [redacted]", nested: [{ access_token: REDACTED, ok: 1 }], password: REDACTED });
  });

  it("ignores credentials too short to be real, so innocent text survives", () => {
    expect(collectSecretValues({ authorization: "Bearer x" })).toEqual(["Bearer x"]);
    expect(redactText("a box of x", collectSecretValues({ authorization: "Bearer x" }))).toBe("a box of x");
  });
});
