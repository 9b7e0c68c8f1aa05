const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a string in UUID form (any version, any case).
 *
 * @example
 * isUuid("550e8400-e29b-41d4-a716-446655440000"); // true
 */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
