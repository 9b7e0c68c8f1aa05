/**
 * `value` when it is a plain JSON object (not null, not an array), else undefined.
 *
 * @example
 * asJsonObject(JSON.parse('{"a":1}')); // { a: 1 }
 * asJsonObject([1]);                   // undefined
 */
export function asJsonObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
