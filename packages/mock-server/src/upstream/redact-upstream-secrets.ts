/**
 * Header-specific redaction for upstream records (`/__mock/state.upstreamRequests`). Everything else
 * — URLs, bodies, error texts — goes through the engine's one redaction function, `redactSecrets`;
 * this file only adds what headers alone know: which header names always carry a credential, and the
 * credential values themselves, so they can be scrubbed from the URL and body even when their shape
 * says nothing (no error, log line or record may ever contain an `agk_` key or an Authorization
 * value, conventions §5).
 */
import { REDACTED, redactSecrets } from "../engine/redact-secrets.js";

/** Header names whose value is always a secret, whatever it looks like. */
const SECRET_HEADER_NAMES = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "x-auth-token",
  "x-access-token",
  "mcp-session-id",
]);

/** Header names that hint at a secret (`x-github-token`, `x-client-secret`, ...). */
const SECRET_NAME_WORDS = ["token", "secret", "password", "api-key", "apikey", "session"];

/** Token schemes (`token ghs_…` is GitHub's own) whose credential is what follows the scheme. */
const SCHEME_PREFIX = /^(?:bearer|token|basic)\s+/i;

/**
 * Returns a copy of `headers` with every secret value replaced by `"[redacted]"`: by header name
 * (`authorization`, cookies, session ids, `*-token`, ...) or by value shape (anything
 * `redactSecrets` would change, e.g. an `agk_` key in `x-trace`).
 *
 * @example
 * redactHeaders({ authorization: "Bearer gho_x", accept: "application/json" });
 * // → { authorization: "[redacted]", accept: "application/json" }
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    redacted[name] = isSecretHeader(name, value) ? REDACTED : value;
  }
  return redacted;
}

/**
 * Collects the raw credential values carried by secret headers (the whole value and the part after
 * `Bearer `, `token `, ...), to pass as `knownSecrets` to `redactSecrets` for the URL and body, where
 * their shape says nothing. Values shorter than 4 characters are left out.
 *
 * @example
 * collectSecretValues({ authorization: "Bearer gho_abc" }); // → ["Bearer gho_abc", "gho_abc"]
 */
export function collectSecretValues(headers: Record<string, string>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretHeader(name, value)) continue;
    const trimmed = value.trim();
    // Very short values ("x") would scrub innocent text everywhere; they are not real credentials.
    if (trimmed.length >= 4) values.push(trimmed);
    const credential = trimmed.replace(SCHEME_PREFIX, "");
    if (credential !== trimmed && credential.length >= 4) values.push(credential);
  }
  return values;
}

function isSecretHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_HEADER_NAMES.has(lower)) return true;
  if (SECRET_NAME_WORDS.some((word) => lower.includes(word))) return true;
  return SCHEME_PREFIX.test(value) || redactSecrets(value) !== value;
}
