import { describe, expect, it } from "vitest";
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
