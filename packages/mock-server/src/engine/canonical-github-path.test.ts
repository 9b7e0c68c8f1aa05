import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalGithubPath } from "./canonical-github-path.js";
import { classifyGithubRequest } from "./classify-github-request.js";
import { parseGithubPath } from "./parse-github-path.js";

describe("canonicalGithubPath", () => {
  it.each([
    ["repos%2Facme%2Fapp%2Fissues", "repos/acme/app/issues"],
    ["/repos/acme/app/issues/?state=all#x", "repos/acme/app/issues"],
    ["repos//acme/./app/pulls%2F..%2Fissues", "repos/acme/app/issues"],
    ["repos/%61cme/app/pulls/%31/merge", "repos/acme/app/pulls/1/merge"],
    ["repos/acme/app/contents/a%20b%3Fc%23d.md", "repos/acme/app/contents/a%20b%3Fc%23d.md"],
    ["repos/acme/app/contents/a+b:c.md", "repos/acme/app/contents/a%2Bb%3Ac.md"],
    ["repos/acme/app/contents/%C3%A9t%C3%A9.md", "repos/acme/app/contents/%C3%A9t%C3%A9.md"],
    ["%2F", ""],
    ["a/..", ""],
  ])("reads %s as %s", (path, canonical) => {
    expect(canonicalGithubPath(path)).toBe(canonical);
  });

  it.each([["repos/acme/app/%E0%A4%A"], ["repos/acme/app/issues%00"], ["repos/acme/app/\ud800"]])(
    "has no canonical form for %s, which no reader can route",
    (path) => {
      expect(canonicalGithubPath(path)).toBeNull();
    },
  );

  it("is read back as the same segments and classified alike, so forwarding it changes nothing the classifier saw", () => {
    const fragment = fc.oneof(
      fc.constantFrom(
        "repos",
        "acme",
        "app",
        "issues",
        "pulls",
        "1",
        "%31",
        "merge",
        "contents",
        "git",
        "refs",
      ),
      fc.constantFrom(
        ".",
        "..",
        "%2E%2E",
        "%2F",
        "%2f",
        "%3F",
        "%23",
        "%25",
        "%20",
        "+",
        ":",
        "%E0%A4%A",
        "%00",
      ),
      fc.string({ maxLength: 3 }),
      fc.webSegment(),
    );
    const path = fc
      .tuple(
        fc.array(fragment, { maxLength: 8 }),
        fc.array(fc.constantFrom("/", "//", "%2F", ""), { minLength: 8, maxLength: 8 }),
      )
      .map(([parts, separators]) =>
        parts.reduce((joined, part, index) => `${joined}${separators[index]}${part}`, ""),
      );
    const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE");
    const body = fc.constantFrom(undefined, {}, { force: true }, { ref: "refs/heads/x" });
    fc.assert(
      fc.property(path, method, body, (raw, verb, requestBody) => {
        const canonical = canonicalGithubPath(raw);
        const parsed = parseGithubPath(raw);
        if (canonical === null) return;
        expect(parsed).not.toBeNull();
        expect(parseGithubPath(canonical)).toEqual(parsed);
        expect(canonicalGithubPath(canonical)).toBe(canonical);
        // What reaches the upstream is a URL path: it must survive URL parsing unchanged.
        expect(new URL(`https://api.github.com/${canonical}`).pathname).toBe(`/${canonical}`);
        expect(classifyGithubRequest(verb, canonical, requestBody)).toEqual(
          classifyGithubRequest(verb, raw, requestBody),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
