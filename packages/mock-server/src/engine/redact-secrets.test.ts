import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact-secrets.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".split("");
const HEX = "0123456789abcdef".split("");
const BASE64URL = [...ALNUM, "-", "_"];
const chars = (alphabet: string[], minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((list) => list.join(""));

/** A generated secret: `text` is what is embedded, `secret` the part that must never come out. */
interface Planted {
  text: string;
  secret: string;
}
const shaped = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Planted> =>
  arbitrary.map((text) => ({ text, secret: text }));

/** Every secret shape the mock knows, embeddable in free text. */
const textSecret: fc.Arbitrary<Planted> = fc.oneof(
  shaped(chars(HEX, 40, 40).map((tail) => `agk_${tail}`)),
  shaped(
    fc
      .tuple(fc.constantFrom("ghp_", "gho_", "ghs_", "ghu_", "ghr_"), chars(ALNUM, 36, 36))
      .map(([prefix, tail]) => `${prefix}${tail}`),
  ),
  shaped(
    fc
      .tuple(chars(ALNUM, 22, 22), chars(ALNUM, 59, 59))
      .map(([left, right]) => `github_pat_${left}_${right}`),
  ),
  shaped(
    fc
      .tuple(fc.constantFrom("lin_api_", "lin_oauth_"), chars(ALNUM, 40, 40))
      .map(([prefix, tail]) => `${prefix}${tail}`),
  ),
  shaped(
    fc
      .tuple(fc.constantFrom("xoxb-", "xoxp-"), chars(HEX, 10, 12), chars(ALNUM, 24, 24))
      .map(([prefix, team, tail]) => `${prefix}${team}-${tail}`),
  ),
  shaped(
    fc
      .tuple(chars(BASE64URL, 10, 40), chars(BASE64URL, 10, 80), chars(BASE64URL, 0, 43))
      .map(([header, payload, signature]) => `eyJ${header}.${payload}.${signature}`),
  ),
  fc
    .tuple(fc.constantFrom("Bearer", "bearer", "BEARER"), chars(ALNUM, 12, 40))
    .map(([scheme, credential]) => ({ text: `${scheme} ${credential}`, secret: credential })),
  chars([...ALNUM, "+", "/"], 12, 40).map((credential) => ({
    text: `Basic ${credential}==`,
    secret: credential,
  })),
);

const SECRET_NAMES = [
  "token",
  "access_token",
  "refresh_token",
  "api_key",
  "apiKey",
  "x-api-key",
  "password",
  "secret",
  "client_secret",
  "authorization",
  "Authorization",
  "X-GitHub-Token",
  "session_id",
  "cookie",
  "credentials",
];
/** Words that must survive redaction (none is a credential name or an auth scheme). */
const WORDS = ["deploy", "issue", "merge", "review", "acme", "demo", "page", "42", "main", "fix-bug", "a.b"];
const words = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 })
  .map((list) => list.join(" "));
const opaque = chars(ALNUM, 12, 32);

/** A URL with credentials in its userinfo or a credential-named query parameter. */
const urlSecret: fc.Arbitrary<Planted> = fc.oneof(
  fc
    .tuple(fc.constantFrom("http", "https", "wss"), chars(ALNUM, 3, 12), opaque, fc.constantFrom(...WORDS))
    .map(([scheme, user, password, path]) => ({
      text: `${scheme}://${user}:${password}@api.example.test/${path}?page=2`,
      secret: password,
    })),
  fc
    .tuple(fc.constantFrom(...SECRET_NAMES), opaque, fc.constantFrom("?", "?page=2&"))
    .map(([name, value, lead]) => ({
      text: `https://api.example.test/repos/acme/demo${lead}${name}=${value}&per_page=10`,
      secret: value,
    })),
);

/** A JSON value with secrets at any depth: under credential names, and inside innocent strings. */
const jsonWithSecrets = fc.letrec<{ node: { value: unknown; secrets: string[] } }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(words, textSecret).map(([filler, planted]) => ({
      value: `${filler} ${planted.text} ${filler}`,
      secrets: [planted.secret],
    })),
    fc.tuple(fc.constantFrom(...SECRET_NAMES), opaque).map(([name, value]) => ({
      value: { [name]: value, title: "keep me" },
      secrets: [value],
    })),
    urlSecret.map((planted) => ({ value: planted.text, secrets: [planted.secret] })),
    fc.array(tie("node"), { maxLength: 3 }).map((items) => ({
      value: items.map((item) => item.value),
      secrets: items.flatMap((item) => item.secrets),
    })),
    fc.tuple(fc.constantFrom("data", "items", "meta"), tie("node")).map(([key, child]) => ({
      value: { [key]: child.value, note: "deploy main" },
      secrets: child.secrets,
    })),
  ),
})).node;

describe("redactSecrets", () => {
  it("removes every known secret shape from free text and keeps the words around it", () => {
    fc.assert(
      fc.property(words, textSecret, words, (before, planted, after) => {
        const output = redactSecrets(`${before} ${planted.text} ${after}`);
        expect(output).not.toContain(planted.secret);
        expect(output).toContain(REDACTED);
        expect(output.startsWith(before)).toBe(true);
        expect(output.endsWith(after)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("removes credentials from URLs (userinfo and credential-named query parameters) and keeps the rest", () => {
    fc.assert(
      fc.property(urlSecret, (planted) => {
        const output = redactSecrets(`GET ${planted.text} 200`);
        expect(output).not.toContain(planted.secret);
        expect(output).toContain("api.example.test/");
        expect(output).toMatch(/page=2|per_page=10/);
      }),
      { numRuns: 300 },
    );
  });

  it("removes every secret from JSON at any depth, and from the same JSON as text, keeping other values", () => {
    fc.assert(
      fc.property(jsonWithSecrets, ({ value, secrets }) => {
        const asValue = JSON.stringify(redactSecrets(value));
        const asText = redactSecrets(JSON.stringify(value));
        const asEscapedText = redactSecrets(JSON.stringify({ _raw: JSON.stringify(value) }));
        for (const secret of secrets) {
          expect(asValue).not.toContain(secret);
          expect(asText).not.toContain(secret);
          expect(asEscapedText).not.toContain(secret);
        }
        const innocent = JSON.stringify(value).match(/keep me|deploy main/g) ?? [];
        for (const output of [asValue, asText]) {
          expect(output.match(/keep me|deploy main/g) ?? []).toEqual(innocent);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("leaves text and data without secrets exactly as they were (the same object, not a copy)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value);
        // Generated JSON can spell a secret by chance (a key named "token"); only clean data counts.
        fc.pre(!/token|secret|password|passwd|pwd|auth|key|cookie|credential|session|passphrase/i.test(json));
        fc.pre(!/agk_|gh[pousr]_|github_pat_|lin_|xox|eyJ|bearer|basic|:\/\//i.test(json));
        expect(redactSecrets(value)).toBe(value);
      }),
      { numRuns: 300 },
    );
    const payload = { title: "Fix bug", max_tokens: 200, token_type: "bearer", at: "2030-01-01T10:00:00Z" };
    expect(redactSecrets(payload)).toBe(payload);
  });

  it("redacts a credential-named field whatever its value, and scrubs the literal values it is told about", () => {
    expect(redactSecrets({ auth: { user: "u" }, password: 1234, token: null })).toEqual({
      auth: REDACTED,
      password: REDACTED,
      token: null,
    });
    expect(redactSecrets("authorization: Token abc123def456\nnext line")).toBe(
      `authorization: ${REDACTED}\nnext line`,
    );
    expect(
      redactSecrets("upstream said: opaque-credential-value", { knownSecrets: ["opaque-credential-value"] }),
    ).toBe(`upstream said: ${REDACTED}`);
  });

  it("is idempotent, never edits its input, and survives cycles and nesting deeper than any request body", () => {
    const input = { message: "Authorization: Bearer abcdefghijklmnop", nested: [{ api_key: "k-123456" }] };
    const snapshot = JSON.stringify(input);
    const once = redactSecrets(input);
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(redactSecrets(once)).toEqual(once);
    expect(once).toEqual({ message: `Authorization: Bearer ${REDACTED}`, nested: [{ api_key: REDACTED }] });

    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ name: "loop", self: REDACTED });
    let deep: unknown = "agk_0123456789abcdef0123456789abcdef01234567";
    for (let level = 0; level < 500; level++) deep = [deep];
    expect(JSON.stringify(redactSecrets(deep)).includes("agk_0123")).toBe(false);
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(() => redactSecrets(deep)).not.toThrow();
  });

  it("stays linear on adversarial text", () => {
    const long = `?${"a".repeat(200_000)}${" token".repeat(20_000)}${"://".repeat(20_000)}${"a:".repeat(100_000)}${"x=token=".repeat(50_000)}${"Authorization: ".repeat(20_000)}`;
    // A quadratic pattern would take minutes here; vitest's own timeout is the bound.
    expect(redactSecrets(long).length).toBeGreaterThan(0);
  });
});
