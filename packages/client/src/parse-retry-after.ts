/**
 * Reads an HTTP `Retry-After` value (delay in seconds, or an HTTP date) as milliseconds from `now`.
 * Returns `undefined` when the header is absent or unreadable, and never a negative number.
 *
 * @example
 * ```ts
 * parseRetryAfter("2", Date.now()); // => 2000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.now()); // => 0 (in the past)
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date always names a day or month; this keeps "-3" from parsing as the year -3.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
