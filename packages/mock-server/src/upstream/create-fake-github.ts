import { isGithubNumber, parseGithubPath } from "../engine/parse-github-path.js";
import { jsonUpstreamResponse } from "./json-upstream-response.js";
import type { FakeUpstream, UpstreamResponse } from "./upstream-types.js";

type JsonObject = Record<string, unknown>;

/**
 * Creates the built-in fake GitHub REST API (mock-server.md §5), used for GitHub connections whose
 * `config.base_url` is null. It reads paths with `parseGithubPath`, the reader the classifier uses, and
 * performs exactly the writes of the classification table (§6.1), so a write it performs is always
 * classified as that operation, never `unknown_write`:
 *
 * - `POST /repos/:owner/:repo/issues` and `/pulls` → `201` with `id`, `number`, `title`, `html_url`
 *   (`https://github.com/:owner/:repo/issues/:number` or `/pull/:number`);
 * - `PUT /repos/:owner/:repo/pulls/:number/merge` → `200 { "merged": true, ... }`;
 * - `DELETE` of a repository, a `contents/**` file or a `git/refs/**` ref → `204` with no body;
 * - the table's other writes (issue/pull updates, comments, file writes, releases, refs) → `200`
 *   echoing the parsed request body;
 * - `GET` → `200` with plausible JSON (a repository, an issue, a list, the user, or `{}`);
 * - anything else → `404 { "message": "Not Found" }`, as GitHub answers: a write the classifier calls
 *   `unknown_write`, an owner or repository name GitHub does not allow, a number that is not plain
 *   decimal (`+1`, `01`, `1.0`, `1e3`), a path with a malformed escape.
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
      const path = parseGithubPath(pathOf(request.url));
      if (!path) return notFound();
      const { segments, repo, rest } = path;
      const method = request.method.toUpperCase();
      const body = parseObject(request.body);

      if (method === "GET") {
        const read = readResponse(segments, repo, rest);
        return read === undefined ? notFound() : jsonUpstreamResponse(200, read);
      }
      if (!repo) return notFound();
      const [first, second, third] = rest;
      const size = rest.length;

      if (method === "POST" && size === 1 && first === "issues") {
        const number = takeNumber(repo);
        return jsonUpstreamResponse(201, {
          ...issue(nextId++, number, repo, stringField(body, "title") ?? `Issue ${number}`),
          body: stringField(body, "body") ?? null,
          labels: Array.isArray(body.labels) ? body.labels.map((name) => ({ name: String(name) })) : [],
        });
      }
      if (method === "POST" && size === 1 && first === "pulls") {
        const number = takeNumber(repo);
        return jsonUpstreamResponse(201, {
          ...pullRequest(nextId++, number, repo, stringField(body, "title") ?? `Pull request ${number}`),
          body: stringField(body, "body") ?? null,
          head: { ref: stringField(body, "head") ?? "feature" },
          base: { ref: stringField(body, "base") ?? "main" },
        });
      }
      if (
        method === "PUT" &&
        size === 3 &&
        first === "pulls" &&
        isGithubNumber(second) &&
        third === "merge"
      ) {
        return jsonUpstreamResponse(200, {
          sha: fakeSha(nextId++),
          merged: true,
          message: "Pull Request successfully merged",
        });
      }
      const isContents = first === "contents" && size >= 2;
      const isRef = first === "git" && second === "refs" && size >= 3;
      if (method === "DELETE" && (size === 0 || isContents || isRef)) {
        return jsonUpstreamResponse(204, undefined);
      }
      const isEchoedWrite =
        (method === "PATCH" &&
          size === 2 &&
          (first === "issues" || first === "pulls") &&
          isGithubNumber(second)) ||
        (method === "POST" &&
          size === 3 &&
          first === "issues" &&
          isGithubNumber(second) &&
          third === "comments") ||
        (method === "PUT" && isContents) ||
        (method === "POST" && size === 1 && first === "releases") ||
        (method === "PATCH" && isRef) ||
        (method === "POST" && size === 2 && first === "git" && second === "refs");
      // A modelled write we do not simulate in detail: echo what was sent.
      if (isEchoedWrite) return jsonUpstreamResponse(200, body);
      return notFound();
    },
  };
}

/** GitHub's answer for a route it does not have. */
function notFound(): UpstreamResponse {
  return jsonUpstreamResponse(404, {
    message: "Not Found",
    documentation_url: "https://docs.github.com/rest",
    status: "404",
  });
}

/** A plausible read answer, or undefined for a path GitHub would answer 404. */
function readResponse(segments: string[], repo: string | null, rest: string[]): unknown {
  if (segments.length === 1 && segments[0] === "user") {
    return { login: "sentrail-mock", id: 1, type: "User", html_url: "https://github.com/sentrail-mock" };
  }
  if (segments[0] === "repos" && !repo) return undefined;
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
  const [collection, id] = rest;
  if (collection === "issues" || collection === "pulls") {
    if (rest.length === 1) {
      return collection === "issues"
        ? [issue(1, 1, repo, "Example issue 1"), issue(2, 2, repo, "Example issue 2")]
        : [pullRequest(1, 1, repo, "Example pull request 1")];
    }
    if (!isGithubNumber(id)) return undefined;
    const number = Number(id);
    if (rest.length === 2) {
      return collection === "issues"
        ? issue(number, number, repo, `Example issue ${number}`)
        : pullRequest(number, number, repo, `Example pull request ${number}`);
    }
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

/** The path of an absolute or relative URL, still percent-encoded (`parseGithubPath` decodes it). */
function pathOf(url: string): string {
  try {
    return new URL(url, "https://api.github.com").pathname;
  } catch {
    return url;
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
