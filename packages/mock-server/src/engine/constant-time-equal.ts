/**
 * Compares two strings in time that depends only on their lengths, never on where they first differ,
 * so a webhook signature cannot be guessed byte by byte (§12).
 *
 * @example
 * constantTimeEqual("abc", "abd"); // false
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let index = 0; index < length; index++) {
    difference |= (a.charCodeAt(index) || 0) ^ (b.charCodeAt(index) || 0);
  }
  return difference === 0;
}
