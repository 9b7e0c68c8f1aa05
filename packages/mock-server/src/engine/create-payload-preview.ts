import { detachString } from "./detach-string.js";

import { redactSecrets } from "./redact-secrets.js";

/** Largest payload (UTF-8 bytes of its JSON) stored unchanged in `audit_logs.payload_preview` (§9.6). */
export const PAYLOAD_PREVIEW_MAX_BYTES = 2048;

/** What `payload_preview` holds when the payload was too large (§9.6). */
export interface TruncatedPayloadPreview {
  _truncated: true;
  _originalBytes: number;
  /** The first 2048 characters of the payload's JSON text. */
  preview: string;
}

/**
 * The audit log's payload preview (§9.6): the payload with its secrets removed ({@link redactSecrets}:
 * `agk_` keys, tool tokens, `Bearer` values, URL credentials, credential-named fields), serialised as
 * JSON; when that is at most 2048 UTF-8 bytes, the redacted payload itself, deeply frozen (callers
 * pass freshly parsed JSON, which is frozen in place when it holds no secret); otherwise
 * `{ _truncated: true, _originalBytes, preview }` with the first 2048 characters of the redacted JSON
 * text (never splitting a surrogate pair; a secret cut by the limit was already gone) and the byte size
 * of that text. `undefined` and `null` give `null`. The result is deeply frozen: audit rows never
 * change once written.
 *
 * @example
 * createPayloadPreview({ title: "Fix bug" });      // { title: "Fix bug" }
 * createPayloadPreview({ token: "gho_abc" });      // { token: "[redacted]" }
 * createPayloadPreview({ body: "x".repeat(5000) }); // { _truncated: true, _originalBytes: 5013, preview: "{\"body\":\"xxx…" }
 */
export function createPayloadPreview(payload: unknown): unknown {
  if (payload === undefined || payload === null) return null;
  // Redacted before anything is measured or cut, so no secret (or part of one) is ever stored.
  const redacted = redactSecrets(payload);
  const json = JSON.stringify(redacted);
  if (json === undefined) return null;
  const bytes = utf8Length(json);
  // Payloads come from parsed request bodies that nothing else edits: freeze in place, no copy.
  if (bytes <= PAYLOAD_PREVIEW_MAX_BYTES) return deepFreeze(redacted);
  let end = Math.min(PAYLOAD_PREVIEW_MAX_BYTES, json.length);
  const last = json.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  // Detached: a plain slice would keep the whole JSON text (up to 8 MiB) alive with the row.
  return Object.freeze({
    _truncated: true,
    _originalBytes: bytes,
    preview: detachString(json.slice(0, end)),
  });
}

/** UTF-8 byte length of a string without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
