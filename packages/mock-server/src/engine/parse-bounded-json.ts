import { exceedsJsonDepth, MAX_JSON_DEPTH } from "./exceeds-json-depth.js";

/**
 * `JSON.parse` for request bodies, refusing nesting deeper than {@link MAX_JSON_DEPTH} levels: every
 * value it returns can be serialised again (`/__mock/state`, payload previews) without overflowing
 * the stack. A drop-in replacement: callers that turn a `SyntaxError` into `400 "Invalid JSON body"`
 * (or JSON-RPC `-32700`) refuse over-deep bodies the same way, before anything is stored.
 *
 * Throws `SyntaxError` for text that is not JSON or nests too deeply.
 *
 * @example
 * parseBoundedJson('{"a":1}');                              // { a: 1 }
 * parseBoundedJson("[".repeat(5_000) + "]".repeat(5_000)); // throws SyntaxError
 */
export function parseBoundedJson(text: string): unknown {
  if (exceedsJsonDepth(text)) {
    throw new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return JSON.parse(text);
}
