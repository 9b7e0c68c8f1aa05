/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 represents
 * `big.slice(0, 2048)` as a view that keeps all of `big` alive; a preview kept in a log would then
 * retain the whole 8 MiB body it was cut from. Round-tripping through JSON allocates a fresh string
 * (pure TypeScript, no `Buffer`). Meant for short strings that are kept for long.
 *
 * @example
 * const preview = detachString(json.slice(0, 2048)); // json can now be collected
 */
export function detachString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
