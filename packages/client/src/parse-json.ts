/**
 * `JSON.parse` that answers `undefined` for empty or invalid text instead of throwing: bodies from
 * proxies, upstream tools and error pages are not always JSON, and the callers decide what that means.
 *
 * @example
 * ```ts
 * parseJson('{"ok":true}'); // => { ok: true }
 * parseJson("<html>Bad gateway</html>"); // => undefined
 * ```
 */
export function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
