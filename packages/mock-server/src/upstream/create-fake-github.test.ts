import { describe, expect, it } from "vitest";
import { createFakeGitHub } from "./create-fake-github.js";
import type { UpstreamRequest } from "./upstream-types.js";

function call(method: string, path: string, body?: unknown): UpstreamRequest {
  return {
    tool: "github",
    method,
    url: `https://api.github.com${path}`,
    headers: {},
    body: body === undefined ? null : JSON.stringify(body),
    useFake: true,
  };
}

describe("createFakeGitHub", () => {
  it("creates issues with 201, increasing numbers and an html_url built from the repository path", () => {
    const github = createFakeGitHub();
    const first = github.answer(call("POST", "/repos/acme/app/issues", { title: "Bug", labels: ["bug"] }));
    const second = github.answer(call("POST", "/repos/acme/app/issues", { title: "Another" }));
    expect(first.status).toBe(201);
    expect(JSON.parse(first.body)).toMatchObject({
      id: 1,
      number: 1,
      title: "Bug",
      html_url: "https://github.com/acme/app/issues/1",
      labels: [{ name: "bug" }],
    });
    expect(JSON.parse(second.body)).toMatchObject({
      id: 2,
      number: 2,
      html_url: "https://github.com/acme/app/issues/2",
    });
  });

  it("creates pull requests with 201 sharing the repository's numbering with issues", () => {
    const github = createFakeGitHub();
    github.answer(call("POST", "/repos/acme/app/issues", { title: "Bug" }));
    const pull = github.answer(
      call("POST", "/repos/acme/app/pulls", { title: "Fix", head: "fix", base: "main" }),
    );
    expect(pull.status).toBe(201);
    expect(JSON.parse(pull.body)).toMatchObject({
      number: 2,
      title: "Fix",
      html_url: "https://github.com/acme/app/pull/2",
      head: { ref: "fix" },
      base: { ref: "main" },
    });
  });

  it("numbers each repository separately", () => {
    const github = createFakeGitHub();
    github.answer(call("POST", "/repos/acme/app/issues", { title: "A" }));
    const other = github.answer(call("POST", "/repos/acme/other/issues", { title: "B" }));
    expect(JSON.parse(other.body).number).toBe(1);
  });

  it("merges with 200 { merged: true }", () => {
    const response = createFakeGitHub().answer(call("PUT", "/repos/acme/app/pulls/3/merge", {}));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ merged: true });
  });

  it("answers reads with 200 and plausible JSON", () => {
    const github = createFakeGitHub();
    const repo = github.answer(call("GET", "/repos/acme/app"));
    const issues = github.answer(call("GET", "/repos/acme/app/issues?state=open"));
    const issue = github.answer(call("GET", "/repos/acme/app/issues/42"));
    const unknown = github.answer(call("GET", "/orgs/acme/teams"));
    expect(repo.status).toBe(200);
    expect(JSON.parse(repo.body)).toMatchObject({ full_name: "acme/app", default_branch: "main" });
    expect(JSON.parse(issues.body)).toHaveLength(2);
    expect(JSON.parse(issue.body)).toMatchObject({
      number: 42,
      html_url: "https://github.com/acme/app/issues/42",
    });
    expect(unknown.status).toBe(200);
  });

  it("answers deletes with 204 and no body", () => {
    expect(createFakeGitHub().answer(call("DELETE", "/repos/acme/app"))).toEqual({
      status: 204,
      headers: {},
      body: "",
    });
  });

  it("echoes other writes with 200", () => {
    const response = createFakeGitHub().answer(
      call("PATCH", "/repos/acme/app/issues/1", { state: "closed" }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ state: "closed" });
  });

  it("answers 404, as GitHub does, to a write the classification table does not name", () => {
    const github = createFakeGitHub();
    for (const [method, path] of [
      ["POST", "/repos/acme/app/labels"],
      ["POST", "/gists"],
      ["DELETE", "/repos/acme/app/issues/1/labels/x"],
      ["PATCH", "/repos/acme/app/issues/abc"],
    ] as const) {
      const response = github.answer(call(method, path, {}));
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ message: "Not Found" });
    }
  });

  it("answers 404 to numbers that are not plain decimal and to names GitHub does not allow", () => {
    const github = createFakeGitHub();
    for (const path of [
      "/repos/acme/app/pulls/+1/merge",
      "/repos/acme/app/pulls/1.0/merge",
      "/repos/acme/app/pulls/01/merge",
      "/repos/acme/app/pulls/1e3/merge",
      "/repos/-acme/app/pulls/1/merge",
      "/repos/acme/%E0%A4%A/pulls/1/merge",
    ]) {
      expect(github.answer(call("PUT", path, {})).status, path).toBe(404);
    }
    expect(github.answer(call("GET", "/repos/acme/app/issues/01")).status).toBe(404);
    expect(github.answer(call("GET", "/repos/-acme/app")).status).toBe(404);
  });

  it("reads a percent-encoded number as the number, as the classifier does", () => {
    const response = createFakeGitHub().answer(call("PUT", "/repos/acme/app/pulls/%31/merge", {}));
    expect(JSON.parse(response.body)).toMatchObject({ merged: true });
  });

  it("answers the same numbers on a fresh fake (deterministic per mock)", () => {
    const first = createFakeGitHub().answer(call("POST", "/repos/acme/app/pulls", { title: "X" }));
    const again = createFakeGitHub().answer(call("POST", "/repos/acme/app/pulls", { title: "X" }));
    expect(again.body).toBe(first.body);
  });
});
