/** A GitHub REST path read the one way the classifier and the fake GitHub both read it. */
export interface GithubPath {
  /** Decoded, non-empty segments with `.` and `..` resolved. */
  segments: string[];
  /** `owner/repo` when the path is `/repos/:owner/:repo/**` with names GitHub allows, else null. */
  repo: string | null;
  /** The segments after `repos/:owner/:repo` (empty when `repo` is null). */
  rest: string[];
}

/** GitHub login rules: letters, digits and inner hyphens, at most 39 characters. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
/** GitHub repository names: letters, digits, `.`, `-`, `_`, at most 100 characters, never `.`/`..`. */
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
/** A decimal issue/pull number: ASCII digits, no sign, no leading zero, no exponent or fraction. */
const NUMBER = /^[1-9][0-9]*$/;

/**
 * Reads a GitHub REST path (relative to `https://api.github.com`) into segments: the query string and
 * fragment are dropped, percent-escapes are decoded (so `%31` is `1` and `%2F` separates, as an
 * upstream that decodes before routing would act), empty segments are dropped (leading, trailing and
 * doubled slashes are ignored, §6.1) and `.`/`..` segments are resolved like a URL normaliser would.
 * `repo` is set only when the owner and repository segments are names GitHub allows.
 *
 * Used by both `classifyGithubRequest` and the fake GitHub, so that the path the classifier names is
 * exactly the path the fake acts on, and the fake answers 404 for whatever the classifier cannot name.
 * Returns null for a path with a malformed percent-escape or a control character: no upstream can
 * route it, and neither reader guesses.
 *
 * @example
 * parseGithubPath("/repos/acme/app/pulls/%31/merge?x=1");
 * // { segments: ["repos", "acme", "app", "pulls", "1", "merge"], repo: "acme/app", rest: ["pulls", "1", "merge"] }
 * parseGithubPath("repos/acme/app/%E0%A4%A"); // null
 */
export function parseGithubPath(path: string): GithubPath | null {
  const withoutQuery = path.split(/[?#]/, 1)[0] ?? "";
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutQuery);
  } catch {
    return null;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return null;
  const segments: string[] = [];
  for (const segment of decoded.split("/")) {
    if (segment.length === 0 || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const owner = segments[1];
  const name = segments[2];
  const isRepoPath =
    segments[0] === "repos" &&
    owner !== undefined &&
    name !== undefined &&
    OWNER.test(owner) &&
    REPOSITORY.test(name) &&
    name !== "." &&
    name !== "..";
  return {
    segments,
    repo: isRepoPath ? `${owner}/${name}` : null,
    rest: isRepoPath ? segments.slice(3) : [],
  };
}

/**
 * True when a path segment is an issue or pull request number as GitHub routes it: ASCII decimal,
 * no sign, no leading zero, no fraction or exponent, a safe integer (`+1`, `01`, `1.0`, `1e3` and
 * other scripts' digits are not numbers). Shared by the classifier and the fake GitHub.
 *
 * @example
 * isGithubNumber("42"); // true
 * isGithubNumber("+1"); // false
 */
export function isGithubNumber(segment: string | undefined): segment is string {
  return segment !== undefined && NUMBER.test(segment) && Number.isSafeInteger(Number(segment));
}
