/**
 * Secret redaction for upstream records (`/__mock/state.upstreamRequests`).
 *
 * The engine hands the dispatcher requests that already carry the tool credential
 * (`Authorization: Bearer gho_…`), so every record must be scrubbed before it is stored:
 * no error, log line or record may ever contain an `agk_` key or an Authorization value
 * (conventions §5). Redaction is by header name, by header value shape, and by scrubbing the
 * credential values found in those headers out of the URL and body text as well.
 */

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

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

/**
 * Values that look like credentials: Sentrail agent keys, auth schemes, and the token prefixes
 * of the upstreams we fake (GitHub `gh?_`/`github_pat_`, Linear `lin_api_`/`lin_oauth_`, Slack `xox?-`).
 */
const SECRET_VALUE_PATTERN =
  /agk_|^\s*(?:bearer|token|basic)\s|\bgh[pousr]_[A-Za-z0-9]|github_pat_|lin_(?:api|oauth)_|xox[abposr]-/i;

/** Sentrail agent keys anywhere in free text (URL, body). */
const AGENT_KEY_PATTERN = /agk_[A-Za-z0-9]+/g;

/**
 * Returns a copy of `headers` with every secret value replaced by {@link REDACTED}.
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
 * Collects the raw credential values carried by secret headers (the part after `Bearer `, `token `, ...)
 * so the same values can be scrubbed from URLs and bodies, where their shape says nothing.
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
    const credential = trimmed.replace(/^(?:bearer|token|basic)\s+/i, "");
    if (credential !== trimmed && credential.length >= 4) values.push(credential);
  }
  // Longest first, so "Bearer x" is replaced before its suffix "x" leaves "Bearer [redacted]".
  return values.sort((left, right) => right.length - left.length);
}

/**
 * Replaces every occurrence of the given secret values, and any `agk_` key, in `text`.
 *
 * @example
 * redactText("https://x.test/?key=agk_abc", []); // → "https://x.test/?key=[redacted]"
 */
export function redactText(text: string, secretValues: readonly string[]): string {
  let result = text;
  for (const secret of secretValues) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result.replace(AGENT_KEY_PATTERN, REDACTED);
}

/**
 * Deep-redacts a parsed JSON body: string values are scrubbed like {@link redactText}, and
 * values under secret-looking keys (`access_token`, `password`, ...) are replaced whole.
 *
 * @example
 * redactJson({ access_token: "abc", title: "Bug" }, []); // → { access_token: "[redacted]", title: "Bug" }
 */
export function redactJson(value: unknown, secretValues: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secretValues);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secretValues));
  if (value !== null && typeof value === "object") {
    const redacted: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      redacted[key] =
        isSecretKey(key) && typeof item === "string" ? REDACTED : redactJson(item, secretValues);
    }
    return redacted;
  }
  return value;
}

function isSecretHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_HEADER_NAMES.has(lower)) return true;
  if (SECRET_NAME_WORDS.some((word) => lower.includes(word))) return true;
  return SECRET_VALUE_PATTERN.test(value);
}

function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  return (
    lower === "authorization" ||
    lower === "password" ||
    lower.endsWith("token") ||
    lower.endsWith("_secret") ||
    lower === "secret" ||
    lower === "api_key" ||
    lower === "apikey"
  );
}
