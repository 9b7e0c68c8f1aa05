import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFakeGitHub } from "../upstream/create-fake-github.js";
import { classifyGithubRequest } from "./classify-github-request.js";
import { githubActionRisk } from "./github-action-risk.js";

describe("classifyGithubRequest (§6.1)", () => {
  it.each([
    ["GET", "repos/o/r/pulls", undefined, "read", "low", null, "o/r"],
    ["GET", "user/repos", undefined, "read", "low", null, null],
    ["POST", "repos/o/r/issues", {}, "issues.create", "medium", "issue", "o/r"],
    ["PATCH", "repos/o/r/issues/12", {}, "issues.update", "medium", "issue", "o/r#12"],
    ["POST", "repos/o/r/issues/12/comments", {}, "issues.comment.create", "medium", "issue", "o/r#12"],
    ["POST", "repos/o/r/pulls", {}, "pull_request.create", "high", "pull_request", "o/r"],
    ["PATCH", "repos/o/r/pulls/7", {}, "pull_request.update", "medium", "pull_request", "o/r#7"],
    ["PUT", "repos/o/r/pulls/7/merge", {}, "pull_request.merge", "high", "pull_request", "o/r#7"],
    ["PUT", "repos/o/r/contents/src/app/index.ts", {}, "file.write", "high", "file", "o/r:src/app/index.ts"],
    ["DELETE", "repos/o/r/contents/README.md", {}, "file.delete", "critical", "file", "o/r:README.md"],
    ["POST", "repos/o/r/releases", {}, "release.create", "high", "release", "o/r"],
    [
      "DELETE",
      "repos/o/r/git/refs/heads/feature/x",
      undefined,
      "ref.delete",
      "critical",
      "ref",
      "o/r:heads/feature/x",
    ],
    ["DELETE", "repos/o/r", undefined, "repos.delete", "critical", "repository", "o/r"],
    [
      "PATCH",
      "repos/o/r/git/refs/heads/main",
      { sha: "abc", force: true },
      "ref.force_update",
      "critical",
      "ref",
      "o/r:heads/main",
    ],
    ["PATCH", "repos/o/r/git/refs/heads/main", { sha: "abc" }, "ref.update", "high", "ref", "o/r:heads/main"],
    ["POST", "repos/o/r/git/refs", { ref: "refs/heads/new" }, "ref.create", "medium", "ref", "o/r:heads/new"],
    ["POST", "repos/o/r/labels", {}, "unknown_write", "high", null, "o/r"],
    ["POST", "gists", {}, "unknown_write", "high", null, null],
    ["PATCH", "repos/o/r/issues/abc", {}, "unknown_write", "high", null, "o/r"],
  ])("%s %s → %s", (method, path, body, action, riskLevel, resourceType, resourceId) => {
    expect(classifyGithubRequest(method, path, body)).toEqual({
      action,
      riskLevel,
      resourceType,
      resourceId,
    });
  });

  it("ignores leading and trailing slashes and the query string", () => {
    expect(classifyGithubRequest("post", "/repos/o/r/pulls/?draft=1", {}).action).toBe("pull_request.create");
  });

  it("classifies percent-encoded slashes as the path GitHub will act on, so a delete cannot hide", () => {
    expect(classifyGithubRequest("DELETE", "repos%2Fo%2Fr", null)).toMatchObject({
      action: "repos.delete",
      riskLevel: "critical",
      resourceId: "o/r",
    });
    expect(classifyGithubRequest("DELETE", "repos/o/r/git/refs/heads%2Ffeature", null).resourceId).toBe(
      "o/r:heads/feature",
    );
    expect(classifyGithubRequest("DELETE", "repos/o/r/%E0%A4%A", null).action).toBe("unknown_write");
  });

  it("rates known actions from the table and anything else as high for evaluate-action", () => {
    expect(githubActionRisk("pull_request.create")).toBe("high");
    expect(githubActionRisk("issues.create")).toBe("medium");
    expect(githubActionRisk("read")).toBe("low");
    expect(githubActionRisk("repos.delete")).toBe("critical");
    expect(githubActionRisk("made.up")).toBe("high");
  });
});

/** What the fake GitHub did with a request, read from its answer alone. */
function performedBy(method: string, status: number, body: string): string | null {
  if (status === 404) return null;
  const verb = method.toUpperCase();
  if (verb === "GET") return status === 200 ? "read" : `unexpected ${status}`;
  // biome-ignore lint/suspicious/noExplicitAny: the fake's JSON answers are read field by field.
  const json: any = body ? JSON.parse(body) : null;
  if (status === 200 && json?.merged === true) return "pull_request.merge";
  if (status === 201 && String(json?.html_url).includes("/pull/")) return "pull_request.create";
  if (status === 201 && String(json?.html_url).includes("/issues/")) return "issues.create";
  if (status === 204 && verb === "DELETE") return "some delete";
  if (status === 200) return `some ${verb} write`;
  return `unexpected ${status}`;
}

/** The table's actions a performed write of each kind may be classified as. */
const ACCEPTED: Record<string, readonly string[]> = {
  "some delete": ["repos.delete", "file.delete", "ref.delete"],
  "some PATCH write": ["issues.update", "pull_request.update", "ref.update", "ref.force_update"],
  "some POST write": ["issues.comment.create", "release.create", "ref.create"],
  "some PUT write": ["file.write"],
};

/** Sends one generated request to a fresh fake GitHub and to the classifier, as gateway-proxy would. */
function both(method: string, rawPath: string, body: unknown) {
  // gateway-proxy hands the classifier the path of the URL it received and the fake that same path
  // under https://api.github.com: build both from one parsed URL, as the router does.
  const url = new URL(`https://api.github.com/${rawPath}`);
  const text = body === undefined ? null : JSON.stringify(body);
  const answer = createFakeGitHub().answer({
    tool: "github",
    method: method.toUpperCase(),
    url: url.href,
    headers: {},
    body: text,
    useFake: true,
  });
  return {
    performed: performedBy(method, answer.status, answer.body),
    classified: classifyGithubRequest(method, `${url.pathname}${url.search}`, body),
  };
}

const odd = [
  "+1",
  "1.0",
  "01",
  "%31",
  "%2B1",
  "1e3",
  "0",
  "-1",
  "0x1",
  "\u0661",
  "\uff11",
  "%D9%A1",
  "1%20",
  "9007199254740993",
  "1%2F..%2F2",
  "%2E%2E",
  "..",
  ".",
  "",
  "abc",
];
const numberish = fc.oneof(
  { arbitrary: fc.constantFrom("1", "7", "42"), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 99999 }).map(String), weight: 1 },
  { arbitrary: fc.constantFrom(...odd), weight: 3 },
);
const owner = fc.oneof(
  { arbitrary: fc.constantFrom("acme", "o", "Acme-Inc", "a".repeat(39)), weight: 4 },
  {
    arbitrary: fc.constantFrom("%61cme", "-bad", "bad-", "a_b", "ac%2Fme", "a".repeat(40), "..", "", "%"),
    weight: 1,
  },
);
const repository = fc.oneof(
  { arbitrary: fc.constantFrom("a", "app", ".github", "my.repo", "a-b_c"), weight: 4 },
  { arbitrary: fc.constantFrom("..", ".", "%2E", "r%20x", "re%2Fpo", "", "%zz"), weight: 1 },
);
const keyword = fc.constantFrom(
  "issues",
  "pulls",
  "merge",
  "comments",
  "contents",
  "git",
  "refs",
  "heads",
  "releases",
  "labels",
  "forks",
  "PULLS",
  "Merge",
);
const freeSegment = fc.oneof(numberish, keyword, fc.string({ maxLength: 4 }));
const separator = fc.oneof(
  { arbitrary: fc.constant("/"), weight: 12 },
  { arbitrary: fc.constantFrom("//", "/./", "%2F", "%2f", "/../", "/%2E%2E/"), weight: 1 },
);
const templates = fc.oneof(
  fc.tuple(numberish).map(([n]) => ["pulls", n, "merge"]),
  fc.tuple(numberish).map(([n]) => ["pulls", n]),
  fc.tuple(numberish).map(([n]) => ["issues", n]),
  fc.tuple(numberish).map(([n]) => ["issues", n, "comments"]),
  fc.constant(["issues"]),
  fc.constant(["pulls"]),
  fc.constant(["releases"]),
  fc.constant(["git", "refs"]),
  fc.array(freeSegment, { minLength: 1, maxLength: 3 }).map((tail) => ["contents", ...tail]),
  fc.array(freeSegment, { minLength: 1, maxLength: 3 }).map((tail) => ["git", "refs", ...tail]),
  fc.constant([] as string[]),
  fc.array(freeSegment, { maxLength: 5 }),
);
const githubPath = fc
  .record({
    lead: fc.constantFrom("", "/", "//"),
    root: fc.oneof(
      { arbitrary: fc.tuple(owner, repository).map(([o, r]) => ["repos", o, r]), weight: 5 },
      { arbitrary: fc.array(freeSegment, { minLength: 1, maxLength: 2 }), weight: 1 },
    ),
    tail: templates,
    separators: fc.array(separator, { minLength: 12, maxLength: 12 }),
    trailing: fc.constantFrom("", "/", "//"),
    query: fc.constantFrom("", "?x=1", "?a=/b/../c", "#frag"),
  })
  .map(({ lead, root, tail, separators, trailing, query }) => {
    const parts = [...root, ...tail];
    const joined = parts.reduce(
      (path, part, index) => (index === 0 ? part : `${path}${separators[index % 12]}${part}`),
      "",
    );
    return `${lead}${joined}${trailing}${query}`;
  });
const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "put", "delete");
const requestBody = fc.constantFrom(
  undefined,
  {},
  { title: "x" },
  { force: true, sha: "a" },
  { ref: "refs/heads/x" },
);

describe("classifyGithubRequest and the fake GitHub read paths alike (issue 12 item 4)", () => {
  it("classifies every operation the fake GitHub performs as that operation, never unknown_write", () => {
    fc.assert(
      fc.property(method, githubPath, requestBody, (verb, path, body) => {
        const { performed, classified } = both(verb, path, body);
        if (performed === null) return;
        expect(performed).not.toMatch(/^unexpected/);
        if (performed === "read") {
          expect(classified.action).toBe("read");
          return;
        }
        expect(classified.action).not.toBe("unknown_write");
        expect(classified.action).not.toBe("read");
        const accepted = ACCEPTED[performed] ?? [performed];
        expect(accepted).toContain(classified.action);
      }),
      { numRuns: 3000 },
    );
  });

  it("has the fake answer 404 to every write the classifier calls unknown_write", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("POST", "PUT", "PATCH", "DELETE"),
        githubPath,
        requestBody,
        (verb, path, body) => {
          const { performed, classified } = both(verb, path, body);
          if (classified.action === "unknown_write") expect(performed).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["repos/acme/a/pulls/+1/merge"],
    ["repos/acme/a/pulls/1.0/merge"],
    ["repos/acme/a/pulls/01/merge"],
    ["repos/acme/a/pulls/1e3/merge"],
    ["repos/acme/a/pulls/%2B1/merge"],
    ["repos/acme/a/pulls/\u0661/merge"],
    ["repos/-acme/a/pulls/1/merge"],
    ["repos/acme/../pulls/1/merge"],
  ])("PUT %s is unknown_write and the fake refuses it with 404", (path) => {
    const { performed, classified } = both("PUT", path, {});
    expect(classified.action).toBe("unknown_write");
    expect(performed).toBeNull();
  });

  it.each([
    ["repos/acme/a/pulls/%31/merge", "acme/a#1"],
    ["repos/acme/a/pulls/1/merge/", "acme/a#1"],
    ["repos/acme/a/pulls//1/merge", "acme/a#1"],
    ["repos/acme/a/pulls/9%2F..%2F2/merge", "acme/a#2"],
    ["repos%2Facme%2Fa/pulls/3/merge", "acme/a#3"],
  ])("PUT %s is merged by the fake and classified pull_request.merge (%s)", (path, resourceId) => {
    const { performed, classified } = both("PUT", path, {});
    expect(performed).toBe("pull_request.merge");
    expect(classified).toMatchObject({ action: "pull_request.merge", resourceId });
  });
});
