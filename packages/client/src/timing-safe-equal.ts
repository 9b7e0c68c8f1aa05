/**
 * Compares two strings in time that depends only on their length, not on where they differ.
 * Lengths are compared first (a length is not secret: every HMAC-SHA256 hex digest has 64 characters).
 *
 * @example
 * ```ts
 * timingSafeEqual(expectedHex, receivedHex); // => true | false
 * ```
 */
export function timingSafeEqual(expected: string, received: string): boolean {
  if (expected.length !== received.length) return false;
  let difference = 0;
  for (let index = 0; index < expected.length; index++) {
    difference |= expected.charCodeAt(index) ^ received.charCodeAt(index);
  }
  return difference === 0;
}
