/** Earliest instant the mock clock and seeded dates may take: `0000-01-01T00:00:00.000Z`. */
export const MIN_SUPPORTED_TIME_MS = -62_167_219_200_000;

/** Latest instant the mock clock and seeded dates may take: `9999-12-31T23:59:59.999Z`. */
export const MAX_SUPPORTED_TIME_MS = 253_402_300_799_999;

/**
 * True when `ms` is an instant whose ISO-8601 form has the contract's shape (four-digit year,
 * `2025-01-01T12:00:00.000Z`, §1.2): years 0000 to 9999. JavaScript dates reach ±275,760 years, but
 * past year 9999 `toISOString()` switches to the expanded `+010000-…` form, and near the end of the
 * range adding an approval TTL or a key lifetime throws `RangeError: Invalid time value`. Keeping the
 * clock and seeded dates inside this range leaves thousands of years of headroom for that arithmetic.
 *
 * @example
 * isSupportedTimeMs(Date.parse("2030-01-01T00:00:00.000Z")); // true
 * isSupportedTimeMs(Date.now() + 1e20);                      // false
 */
export function isSupportedTimeMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_SUPPORTED_TIME_MS && ms <= MAX_SUPPORTED_TIME_MS;
}
