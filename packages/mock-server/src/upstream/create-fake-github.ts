import { jsonUpstreamResponse } from "./json-upstream-response.js";
import type { FakeUpstream } from "./upstream-types.js";

type JsonObject = Record<string, unknown>;

/**
 * Creates the built-in fake GitHub REST API (mock-server.md §5), used for GitHub connections whose
 * `config.base_url` is null.
 *
 * - `POST /repos/:owner/:repo/issues` and `/pulls` → `201` with `id`, `number`, `title`, `html_url`
 *   (`https://github.com/:owner/:repo/issues/:number` or `/pull/:number`);
 * - `PUT /repos/:owner/:repo/pulls/:number/merge` → `200 { "merged": true, ... }`;
 * - `GET` anything → `200` with plausible JSON (a repository, an issue, a list, the user, or `{}`);
 * - `DELETE` anything → `204` with no body;
 * - any other write → `200` echoing the parsed request body.
 *
 * Issue and pull request numbers share one counter per repository (as on GitHub) and ids one counter
 * per fake, both starting at 1, so a fresh mock always answers the same numbers.
 *
 * @example
 * const github = createFakeGitHub();
 * github.answer({ tool: "github", method: "POST", url: "https://api.github.com/repos/o/r/issues",
 *   headers: {}, body: '{"title":"Bug"}', useFake: true });
 * // → 201 {"id":1,"number":1,"title":"Bug","html_url":"https://github.com/o/r/issues/1",...}
 */
export function createFakeGitHub(): FakeUpstream {
  let nextId = 1;
  const nextNumberByRepo = new Map<string, number>();

  function takeNumber(repo: string): number {
    const number = nextNumberByRepo.get(repo) ?? 1;
    nextNumberByRepo.set(repo, number + 1);
    return number;
  }

  return {
    answer(request) {
      const segments = pathSegments(request.url);
      const method = request.method.toUpperCase();
      const body = parseObject(request.body);
      const repo = segments[0] === "repos" && segments.length >= 3 ? `${segments[1]}/${segments[2]}` : null;
      const rest = repo ? segments.slice(3) : [];

      if (method === "DELETE") return jsonUpstreamResponse(204, undefined);

      if (method === "GET") return jsonUpstreamResponse(200, readResponse(segments, repo, rest));

      if (repo && method === "POST" && rest.length === 1 && rest[0] === "issues") {
        const number = takeNumber(repo);
        return jsonUpstreamResponse(201, {
          ...issue(nextId++, number, repo, stringField(body, "title") ?? `Issue ${number}`),
          body: stringField(body, "body") ?? null,
          labels: Array.isArray(body.labels) ? body.labels.map((name) => ({ name: String(name) })) : [],
        });
      }

      if (repo && method === "POST" && rest.length === 1 && rest[0] === "pulls") {
        const number = takeNumber(repo);
        return jsonUpstreamResponse(201, {
          ...pullRequest(nextId++, number, repo, stringField(body, "title") ?? `Pull request ${number}`),
          body: stringField(body, "body") ?? null,
          head: { ref: stringField(body, "head") ?? "feature" },
          base: { ref: stringField(body, "base") ?? "main" },
        });
      }

      if (repo && method === "PUT" && rest.length === 3 && rest[0] === "pulls" && rest[2] === "merge") {
        return jsonUpstreamResponse(200, {
          sha: fakeSha(nextId++),
          merged: true,
          message: "Pull Request successfully merged",
        });
      }

      // Any other write: echo what was sent, the least surprising answer for a call we do not model.
      return jsonUpstreamResponse(200, body);
    },
  };
}

function readResponse(segments: string[], repo: string | null, rest: string[]): unknown {
  if (segments.length === 1 && segments[0] === "user") {
    return { login: "sentrail-mock", id: 1, type: "User", html_url: "https://github.com/sentrail-mock" };
  }
  if (!repo) return {};
  const [owner, name] = repo.split("/") as [string, string];
  if (rest.length === 0) {
    return {
      id: 1,
      name,
      full_name: repo,
      owner: { login: owner },
      private: false,
      default_branch: "main",
      html_url: `https://github.com/${repo}`,
    };
  }
  const collection = rest[0];
  const number = rest[1] && /^\d+$/.test(rest[1]) ? Number(rest[1]) : null;
  if (collection === "issues" && rest.length === 1) {
    return [issue(1, 1, repo, "Example issue 1"), issue(2, 2, repo, "Example issue 2")];
  }
  if (collection === "issues" && number !== null && rest.length === 2) {
    return issue(number, number, repo, `Example issue ${number}`);
  }
  if (collection === "pulls" && rest.length === 1) return [pullRequest(1, 1, repo, "Example pull request 1")];
  if (collection === "pulls" && number !== null && rest.length === 2) {
    return pullRequest(number, number, repo, `Example pull request ${number}`);
  }
  return {};
}

function issue(id: number, number: number, repo: string, title: string): JsonObject {
  return {
    id,
    number,
    title,
    state: "open",
    html_url: `https://github.com/${repo}/issues/${number}`,
    url: `https://api.github.com/repos/${repo}/issues/${number}`,
  };
}

function pullRequest(id: number, number: number, repo: string, title: string): JsonObject {
  return {
    id,
    number,
    title,
    state: "open",
    merged: false,
    html_url: `https://github.com/${repo}/pull/${number}`,
    url: `https://api.github.com/repos/${repo}/pulls/${number}`,
  };
}

/** Path segments of an absolute or relative URL, without the query string or empty segments. */
function pathSegments(url: string): string[] {
  let path: string;
  try {
    path = new URL(url, "https://api.github.com").pathname;
  } catch {
    path = url.split("?")[0] ?? "";
  }
  return path
    .split("/")
    .filter((segment) => segment.length > 0)
    .map((segment) => safeDecode(segment));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseObject(body: string | null): JsonObject {
  if (!body) return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as JsonObject)
      : {};
  } catch {
    return {};
  }
}

function stringField(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" ? value : undefined;
}

/** A 40-hex-character commit sha derived from a counter: stable across runs, unique per fake. */
function fakeSha(seed: number): string {
  return seed.toString(16).padStart(40, "0");
}
