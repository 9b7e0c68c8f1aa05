/** Returns one shared copy of equal strings. */
export type StringInterner = <T extends string | null>(value: T) => T;

/**
 * Creates a bounded string interner. Audit rows repeat the same short strings (tool, action, agent,
 * decision, reason…) on every evaluation, each a fresh copy from a parsed request body; sharing one
 * copy per distinct value keeps 100,000 rows well under their memory budget. Strings longer than
 * `maxLength` are kept as they are, and once `maxEntries` distinct values are held new ones are no
 * longer pooled, so an adversarial caller cannot grow the pool without bound.
 *
 * @example
 * const intern = createStringInterner();
 * intern(JSON.parse('"github"')) === intern(JSON.parse('"github"')); // same string object
 */
export function createStringInterner(
  options: { maxEntries?: number; maxLength?: number } = {},
): StringInterner {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxLength = options.maxLength ?? 128;
  const pool = new Map<string, string>();
  return <T extends string | null>(value: T): T => {
    if (value === null || value.length > maxLength) return value;
    const shared = pool.get(value);
    if (shared !== undefined) return shared as T;
    if (pool.size < maxEntries) pool.set(value, value);
    return value;
  };
}
