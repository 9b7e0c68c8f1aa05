/**
 * Views any parsed JSON value as a record: objects as they are, everything else as `{}`. Used by every
 * response reader, so a missing or mistyped field reads as absent instead of throwing a `TypeError`.
 *
 * @example
 * ```ts
 * asRecord(JSON.parse('{"ok":true}')).ok; // => true
 * asRecord(null).ok; // => undefined
 * ```
 */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * `value` when it is a string, `fallback` otherwise.
 *
 * @example
 * ```ts
 * stringOr(body.reason, ""); // => body.reason, or "" when absent or not a string
 * ```
 */
export function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === "string" ? value : fallback;
}
