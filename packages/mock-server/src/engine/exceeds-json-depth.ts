/**
 * Deepest JSON nesting (objects and arrays) the mock accepts in any request body. Real payloads
 * (GitHub and Linear events, MCP arguments, seeds) nest a dozen levels at most; far deeper ones only
 * serve to overflow the stack of whatever walks them later (`JSON.stringify` of `/__mock/state`, the
 * payload preview), so they are refused before anything is stored.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * True when `text`, read as JSON, opens more than `maxDepth` nested objects or arrays. One linear scan,
 * no recursion, no allocation: brackets inside JSON strings (escapes included) are not counted. It
 * does not validate the text; text that is not JSON is judged by the same bracket count (a plain-text
 * body with more than `maxDepth` unclosed brackets is refused too, which only a hostile body has).
 *
 * @example
 * exceedsJsonDepth('{"a":[1,2]}');                    // false
 * exceedsJsonDepth("[".repeat(10_000) + "]".repeat(10_000)); // true
 */
export function exceedsJsonDepth(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  // Every level needs at least one opening character: short texts cannot be too deep.
  if (text.length <= maxDepth) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c /* \ */) index++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}
