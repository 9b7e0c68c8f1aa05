import type { ActionClassification } from "./action-classification.js";
import { githubActionRisk } from "./github-action-risk.js";
import { isGithubNumber, parseGithubPath } from "./parse-github-path.js";

/**
 * Classifies a GitHub REST call made through gateway-proxy from its method, path and body (§6.1,
 * §20.3, §20.4). Rows are tried in the table's order, first match wins. The path is read by
 * `parseGithubPath`, the same reader the fake GitHub routes with: slashes, the query string, percent-
 * escapes and dot segments are normalised; `:owner`/`:repo` must be names GitHub allows and `:id` a
 * decimal number (`isGithubNumber`: `+1`, `01`, `1.0`, `%2B1` are not). `contents/` and `git/refs/`
 * paths may contain `/`. Anything unlisted is `read`/low for GET and `unknown_write`/high otherwise
 * (fail-safe); the fake GitHub answers 404 to every write this function calls `unknown_write`.
 *
 * @example
 * classifyGithubRequest("POST", "repos/octo/app/pulls", { title: "x" });
 * // { action: "pull_request.create", riskLevel: "high", resourceType: "pull_request", resourceId: "octo/app" }
 */
export function classifyGithubRequest(method: string, path: string, body: unknown): ActionClassification {
  const verb = method.toUpperCase();
  const parsed = parseGithubPath(path);
  const repo = parsed?.repo ?? null;
  const rest = parsed?.rest ?? [];
  const result = (action: string, resourceType: string | null, resourceId: string | null) => ({
    action,
    riskLevel: githubActionRisk(action),
    resourceType,
    resourceId,
  });

  if (verb === "GET") return result("read", null, repo);
  if (repo !== null) {
    const [first, second, third] = rest;
    const isId = isGithubNumber;
    if (verb === "POST" && rest.length === 1 && first === "issues")
      return result("issues.create", "issue", repo);
    if (verb === "PATCH" && rest.length === 2 && first === "issues" && isId(second)) {
      return result("issues.update", "issue", `${repo}#${second}`);
    }
    if (verb === "POST" && rest.length === 3 && first === "issues" && isId(second) && third === "comments") {
      return result("issues.comment.create", "issue", `${repo}#${second}`);
    }
    if (verb === "POST" && rest.length === 1 && first === "pulls")
      return result("pull_request.create", "pull_request", repo);
    if (verb === "PATCH" && rest.length === 2 && first === "pulls" && isId(second)) {
      return result("pull_request.update", "pull_request", `${repo}#${second}`);
    }
    if (verb === "PUT" && rest.length === 3 && first === "pulls" && isId(second) && third === "merge") {
      return result("pull_request.merge", "pull_request", `${repo}#${second}`);
    }
    if (first === "contents" && rest.length >= 2 && (verb === "PUT" || verb === "DELETE")) {
      const filePath = rest.slice(1).join("/");
      return result(verb === "PUT" ? "file.write" : "file.delete", "file", `${repo}:${filePath}`);
    }
    if (verb === "POST" && rest.length === 1 && first === "releases")
      return result("release.create", "release", repo);
    const isRefPath = first === "git" && second === "refs" && rest.length >= 3;
    const refName = rest.slice(2).join("/");
    if (verb === "DELETE" && isRefPath) return result("ref.delete", "ref", `${repo}:${refName}`);
    if (verb === "DELETE" && rest.length === 0) return result("repos.delete", "repository", repo);
    if (verb === "PATCH" && isRefPath) {
      const force = readField(body, "force") === true;
      return result(force ? "ref.force_update" : "ref.update", "ref", `${repo}:${refName}`);
    }
    if (verb === "POST" && rest.length === 2 && first === "git" && second === "refs") {
      const ref = readField(body, "ref");
      return result(
        "ref.create",
        "ref",
        typeof ref === "string" ? `${repo}:${ref.replace(/^refs\//, "")}` : repo,
      );
    }
  }
  return result("unknown_write", null, repo);
}

function readField(body: unknown, field: string): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  return (body as Record<string, unknown>)[field];
}
