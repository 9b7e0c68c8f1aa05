import type { ActionClassification } from "./action-classification.js";
import { githubActionRisk } from "./github-action-risk.js";

/**
 * Classifies a GitHub REST call made through gateway-proxy from its method, path and body (§6.1,
 * §20.3, §20.4). Rows are tried in the table's order, first match wins; leading/trailing slashes and
 * the query string are ignored; `:id` is digits; `contents/` and `git/refs/` paths may contain `/`.
 * Anything unlisted is `read`/low for GET and `unknown_write`/high otherwise (fail-safe).
 *
 * @example
 * classifyGithubRequest("POST", "repos/octo/app/pulls", { title: "x" });
 * // { action: "pull_request.create", riskLevel: "high", resourceType: "pull_request", resourceId: "octo/app" }
 */
export function classifyGithubRequest(method: string, path: string, body: unknown): ActionClassification {
  const verb = method.toUpperCase();
  const segments = splitPath(path);
  const isRepoPath = segments[0] === "repos" && segments.length >= 3;
  const repo = isRepoPath ? `${segments[1]}/${segments[2]}` : null;
  const rest = isRepoPath ? segments.slice(3) : [];
  const result = (action: string, resourceType: string | null, resourceId: string | null) => ({
    action,
    riskLevel: githubActionRisk(action),
    resourceType,
    resourceId,
  });

  if (verb === "GET") return result("read", null, repo);
  if (repo !== null) {
    const [first, second, third] = rest;
    const isId = (value: string | undefined) => value !== undefined && /^\d+$/.test(value);
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

function splitPath(path: string): string[] {
  const withoutQuery = path.split(/[?#]/, 1)[0] ?? "";
  // Classify what GitHub will act on: a percent-encoded slash (`repos%2Fo%2Fr`) must not turn a
  // `repos.delete` into an `unknown_write` and slip past a policy. Undecodable input stays as sent.
  return decodePath(withoutQuery)
    .split("/")
    .filter((segment) => segment.length > 0);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function readField(body: unknown, field: string): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  return (body as Record<string, unknown>)[field];
}
