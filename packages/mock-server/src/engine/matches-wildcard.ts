/**
 * The action-pattern rule of §5.3: `"*"` matches everything; a pattern ending in `*` matches any value
 * that starts with the text before that last `*`; anything else must be equal (case-sensitive). A `*`
 * anywhere but at the end is a literal character.
 *
 * One left-to-right pass over at most `pattern.length` characters; no regular expression is ever built
 * from a pattern, so an adversarial pattern (many `*`, long values) cannot make matching slow.
 *
 * @example
 * matchesWildcard("pull_request.*", "pull_request.merge"); // true
 * matchesWildcard("pull_request.*", "pull_request");       // false
 * matchesWildcard("a*b", "axb");                           // false: the inner `*` is literal
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const last = pattern.length - 1;
  if (last < 0 || pattern.charCodeAt(last) !== 42 /* "*" */) return pattern === value;
  if (value.length < last) return false;
  for (let index = 0; index < last; index++) {
    if (pattern.charCodeAt(index) !== value.charCodeAt(index)) return false;
  }
  return true;
}
