import { parseGithubPath } from "./parse-github-path.js";

/**
 * The canonical form of a GitHub REST path: the segments `parseGithubPath` reads (query and fragment
 * dropped, escapes decoded, empty segments dropped, `.`/`..` resolved), each re-encoded with
 * `encodeURIComponent` and joined by `/`, without a leading slash. gateway-proxy forwards, stores
 * (`target_url`) and hashes (§7.4) this path, so the path the classifier named is exactly the path
 * the upstream receives: `repos%2Facme%2Fapp%2Fissues` is classified `issues.create` and reaches a real
 * upstream as `repos/acme/app/issues`, not as one encoded segment that a stricter or a more lenient
 * server would route differently. Reading the canonical path again gives the same segments.
 *
 * Returns `""` when nothing is left (`%2F`, `a/..`), and null when `parseGithubPath` refuses the path
 * (a malformed escape or a control character): there is no canonical form for what no reader can route.
 *
 * @example
 * canonicalGithubPath("repos%2Facme%2Fapp/pulls%2F..%2Fissues?x=1"); // "repos/acme/app/issues"
 * canonicalGithubPath("repos/acme/app/contents/a%20b%3Fc.md"); // "repos/acme/app/contents/a%20b%3Fc.md"
 * canonicalGithubPath("repos/acme/app/%E0%A4%A"); // null
 */
export function canonicalGithubPath(path: string): string | null {
  const parsed = parseGithubPath(path);
  if (!parsed) return null;
  try {
    return parsed.segments.map(encodeURIComponent).join("/");
  } catch {
    // A lone surrogate in a path given as text (a URL's pathname never has one) cannot be encoded.
    return null;
  }
}
