/** What a removed secret is replaced with (mock-server.md §3). Redacting twice changes nothing. */
export const REDACTED = "[redacted]";

/**
 * Cheap first look: a string none of whose parts could start a secret is returned untouched without
 * running the replacements below (the common case, on the evaluate-action hot path).
 */
const MAY_HOLD_SECRET =
  /agk_|gh[pousr]_|github_pat_|lin_(?:api|oauth)_|xox[abposr]-|eyJ|bearer|basic|:\/\/|[a-z]\\?["']?[ \t]*[:=]/i;

// Every pattern is one pass without nested quantifiers, and the name patterns can only start where a
// name starts (the lookbehind), so each stays linear in the length of the text whatever it holds.
const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  // URL userinfo: scheme://user:password@host → scheme://[redacted]@host.
  [/:\/\/[^\s/?#@"'<>\\]+@/g, `://${REDACTED}@`],
  // HTTP auth schemes, whatever the credential looks like.
  [/\b(bearer)\s+[A-Za-z0-9_\-.~+/=:%]+/gi, `$1 ${REDACTED}`],
  [/\b(basic)\s+[A-Za-z0-9+/]{8,}={0,2}/gi, `$1 ${REDACTED}`],
  // Credentials by their own shape: Sentrail keys, GitHub, Linear and Slack tokens, JWTs.
  [/agk_[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]+/g, REDACTED],
  [/\blin_(?:api|oauth)_[A-Za-z0-9_]+/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** The start of a `name: "value"` / `"name":"value"` / `\"name\":\"value\"` pair, up to the opening quote. */
const QUOTED_PAIR = /(?<![\w.-])([\w.-]+)(\\?["']?[ \t]*[:=][ \t]*\\?["'])/g;
/** Its value: up to the closing quote. */
const QUOTED_VALUE = /[^"'\\\r\n]*/y;
/** The start of `name=value` (query strings, forms, logs) or `name: value` with a bare value. */
const BARE_PAIR = /(?<![\w.-])([\w.-]+)(\\?["']?[ \t]*[:=][ \t]*)/g;
/** Its value: up to a delimiter. */
const BARE_VALUE = /[^\s"'\\&,;{}<>[\]]*/y;
/** The bare value of an `Authorization:` pair runs to the end of the line (`Token abc`, `Digest …`). */
const AUTHORIZATION_VALUE = /[^\r\n"'\\&,;{}<>]*/y;
/** An authorization value already reduced to its scheme (`Bearer [redacted]`). */
const SCHEME_ONLY = /^[A-Za-z]+ \[redacted\]\s*$/;

/** Field, parameter and header names whose value is a credential, compared without `-`, `_`, `.`. */
const SECRET_NAME_SUFFIXES = [
  "token",
  "secret",
  "password",
  "passwd",
  "apikey",
  "accesskey",
  "privatekey",
  "sessionid",
  "cookie",
  "credential",
  "credentials",
  "authorization",
];
const SECRET_NAMES = new Set(["auth", "pwd", "passphrase", "setcookie", "mcpsessionid"]);

/**
 * Deepest nesting walked. Request bodies are refused past 128 levels before anything is stored, so
 * only a value handed over in process can be deeper; it is returned as it is below this level (a
 * placeholder would hide that it cannot be serialised, which `/__mock/state` reports per field).
 */
const MAX_DEPTH = 1_000;

/** Options for {@link redactSecrets}. */
export interface RedactSecretsOptions {
  /**
   * Literal values known to be secret whatever they look like (e.g. the credential an upstream call
   * carries in its `Authorization` header), replaced wherever they occur. Values shorter than 4
   * characters are ignored: they would blank out innocent text.
   */
  knownSecrets?: readonly string[];
}

/**
 * The mock's one redaction function, for everything it stores or writes out: payload previews,
 * upstream records, execution results, notifications, error bodies, `/__mock/state`, the access log.
 * Strings lose every secret of a known shape — `agk_` keys, GitHub (`ghp_`/`gho_`/`ghs_`/`ghu_`/`ghr_`,
 * `github_pat_`), Linear (`lin_api_`, `lin_oauth_`) and Slack (`xox?-`) tokens, `Bearer`/`Basic`
 * credentials, JWTs, URL userinfo (`https://user:pass@host`), and the value of any credential-named
 * pair in text (`?access_token=…`, `password: …`, `"api_key":"…"`, escaped JSON too). Objects and
 * arrays are walked at any depth: a property with a credential name (`token`, `client_secret`,
 * `password`, `api_key`, `authorization`, `cookie`, …) loses its whole value, other strings are
 * scrubbed as above. Numbers, booleans and `null` pass through.
 *
 * The input is never modified: what needs no change is returned as is (same reference), and objects
 * are copied only along the paths that change, so redacting clean data costs no allocation. A cycle is
 * replaced by {@link REDACTED}; nesting past 1,000 levels is not walked. It never throws.
 *
 * It works on shapes and names: a secret with neither (a random string under an innocent name) can
 * only be caught through `options.knownSecrets`.
 *
 * @example
 * redactSecrets("GET /x?api_key=agk_abc&page=2");          // "GET /x?api_key=[redacted]&page=2"
 * redactSecrets({ title: "Fix", auth: { password: "p" } }); // { title: "Fix", auth: "[redacted]" }
 * redactSecrets("call https://bot:hunter2@api.test/v1");   // "call https://[redacted]@api.test/v1"
 */
export function redactSecrets<T>(value: T, options: RedactSecretsOptions = {}): T {
  const known = (options.knownSecrets ?? [])
    .filter((secret) => secret.length >= 4)
    // Longest first, so "Bearer x" goes before its tail "x" can leave "Bearer [redacted]" half-done.
    .sort((left, right) => right.length - left.length);
  return redactValue(value, known, 0, new WeakSet()) as T;
}

function redactValue(
  value: unknown,
  known: readonly string[],
  depth: number,
  path: WeakSet<object>,
): unknown {
  if (typeof value === "string") return redactText(value, known);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return value;
  if (path.has(value)) return REDACTED;
  path.add(value);
  try {
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      for (let index = 0; index < value.length; index++) {
        const item = value[index];
        const redacted = redactValue(item, known, depth + 1, path);
        if (redacted !== item) {
          copy ??= value.slice();
          copy[index] = redacted;
        }
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | null = null;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const redacted =
        isSecretName(key) && item !== null && item !== undefined && item !== REDACTED
          ? REDACTED
          : redactValue(item, known, depth + 1, path);
      if (redacted !== item) {
        copy ??= { ...(value as Record<string, unknown>) };
        copy[key] = redacted;
      }
    }
    return copy ?? value;
  } finally {
    path.delete(value);
  }
}

function redactText(text: string, known: readonly string[]): string {
  let result = text;
  for (const secret of known) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  if (!MAY_HOLD_SECRET.test(result)) return result;
  for (const [pattern, replacement] of SECRET_SHAPES) result = result.replace(pattern, replacement);
  return redactPairs(redactPairs(result, QUOTED_PAIR, QUOTED_VALUE), BARE_PAIR, BARE_VALUE);
}

/**
 * Replaces the value of every credential-named pair. Only the pair's start (name and separator) is
 * matched by `head`; the value is measured with `value` for credential names alone, so the scan of an
 * innocent pair resumes right after its separator (in `https://host/x?token=abc` the text after
 * `https:` holds the `token=` pair) and no character is read more than a few times.
 */
function redactPairs(text: string, head: RegExp, value: RegExp): string {
  head.lastIndex = 0;
  let output = "";
  let copied = 0;
  for (let match = head.exec(text); match !== null; match = head.exec(text)) {
    const name = match[1] ?? "";
    if (!isSecretName(name)) continue;
    const valueStart = match.index + match[0].length;
    const measure = value === BARE_VALUE && /authorization$/i.test(name) ? AUTHORIZATION_VALUE : value;
    measure.lastIndex = valueStart;
    const secret = (measure.exec(text)?.[0] ?? "").trimEnd();
    if (secret === "" || secret === REDACTED || SCHEME_ONLY.test(secret)) continue;
    output += `${text.slice(copied, valueStart)}${REDACTED}`;
    copied = valueStart + secret.length;
    head.lastIndex = copied;
  }
  return copied === 0 ? text : output + text.slice(copied);
}

/**
 * True for credential names: `token`, `access_token`, `X-GitHub-Token`, `client_secret`, `password`,
 * `api_key`, `Authorization`, `Cookie`, … (`max_tokens` and `token_type` are not).
 */
function isSecretName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_.]/g, "");
  if (SECRET_NAMES.has(normalized)) return true;
  for (const suffix of SECRET_NAME_SUFFIXES) if (normalized.endsWith(suffix)) return true;
  return false;
}
