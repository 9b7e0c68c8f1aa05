/**
 * Replacement text left where a secret was removed. It never matches any of the patterns below,
 * so redacting twice is a no-op.
 */
const REDACTED = "[REDACTED]";

// Every pattern is a single pass with no nested quantifiers, so redaction stays linear in the
// length of the text (error messages can echo request bodies of any size).
const API_KEY = /agk_[A-Za-z0-9_\-.~+/=]+/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9_\-.~+/=]+/gi;
const AUTHORIZATION_VALUE =
  /\b(authorization["']?\s*[:=]\s*["']?)(?!\s|Bearer\s|\[REDACTED\])[^"'\r\n,;}]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * Removes Sentrail API keys (`agk_…`), bearer tokens, `Authorization` values and JWTs from a text.
 *
 * Every message, `toString()` and `toJSON()` of the Sentrail error family goes through this
 * function, so a key or user token that a server or a network layer echoes back never reaches a
 * log line. It works on text only; it cannot know about a secret that has none of these shapes.
 *
 * @example
 * ```ts
 * import { redactSecrets } from "@sentrail/client";
 *
 * redactSecrets("Authorization: Bearer agk_0123456789abcdef0123456789abcdef01234567");
 * // => "Authorization: Bearer [REDACTED]"
 * ```
 */
export function redactSecrets(text: string): string {
  if (text === "") return text;
  // Bearer first, so "Bearer agk_…" becomes "Bearer [REDACTED]" rather than a half-redacted key.
  return text
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(API_KEY, `agk_${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(AUTHORIZATION_VALUE, `$1${REDACTED}`);
}
