import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;
let allowAll: SeededWorkspace;

const ALLOW_ALL = [{ name: "Allow everything", tool: "*", actionPattern: "*", mode: "allow", priority: 900 }];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(async () => {
  server = await startTestServer();
  allowAll = await server.seedWorkspace({ policies: ALLOW_ALL });
});

afterAll(async () => {
  await server?.close();
});

async function auditRow(id: string | null) {
  const state = await server.state();
  return state.auditLogs.find((row: { id: string }) => row.id === id);
}

function gateway(
  method: string,
  path: string,
  key: string,
  body?: unknown,
  headers?: Record<string, string>,
) {
  return server.call(method, `/gateway-proxy/${path}`, { bearer: key, body, headers });
}

describe("gateway-proxy: allow", () => {
  it("forwards to the fake GitHub and passes its status and body through with the three X-Sentrail headers", async () => {
    const before = (await server.state()).upstreamRequests.length;
    const { status, body, headers } = await gateway(
      "POST",
      `github/repos/${allowAll.repo}/issues`,
      allowAll.keys.gateway,
      { title: "Fix login bug", body: "The logout button is broken on mobile.", labels: ["bug"] },
      { "x-agent-id": "my-coding-agent" },
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({ number: expect.any(Number), title: "Fix login bug" });
    expect(body.html_url).toBe(`https://github.com/${allowAll.repo}/issues/${body.number}`);
    expect(headers.get("x-sentrail-decision")).toBe("allow");
    expect(headers.get("x-sentrail-auditlogid")).toMatch(UUID);
    expect(headers.get("x-sentrail-correlationid")).toMatch(UUID);

    const state = await server.state();
    expect(state.upstreamRequests.length).toBe(before + 1);
    expect(state.upstreamRequests.at(-1)).toMatchObject({
      tool: "github",
      method: "POST",
      url: `https://api.github.com/repos/${allowAll.repo}/issues`,
      headers: { authorization: "[redacted]" },
      body: { title: "Fix login bug", body: "The logout button is broken on mobile.", labels: ["bug"] },
    });
    const row = await auditRow(headers.get("x-sentrail-auditlogid"));
    expect(row).toMatchObject({
      correlation_id: headers.get("x-sentrail-correlationid"),
      decision: "allow",
      source: "gateway",
      agent_name: "my-coding-agent",
      action: "issues.create",
    });
  });

  it("passes an upstream error status through as an allow, not a Sentrail error", async () => {
    await server.scriptUpstream({ tool: "github", status: 422, body: { message: "Validation Failed" } });
    const { status, body, headers } = await gateway(
      "POST",
      `github/repos/${allowAll.repo}/pulls`,
      allowAll.keys.gateway,
      {
        title: "x",
      },
    );
    expect(status).toBe(422);
    expect(body).toEqual({ message: "Validation Failed" });
    expect(headers.get("x-sentrail-decision")).toBe("allow");
  });

  it("answers 502 Upstream request failed when the upstream cannot be reached, keeping the allow audit row", async () => {
    await server.scriptUpstream({ tool: "github", networkError: true });
    const before = (await server.state()).auditLogs.length;
    const { status, body } = await gateway("GET", `github/repos/${allowAll.repo}`, allowAll.keys.gateway);
    expect(status).toBe(502);
    expect(body).toEqual({ ok: false, error: "Upstream request failed" });
    const state = await server.state();
    expect(state.auditLogs.length).toBe(before + 1);
    expect(state.auditLogs.at(-1).decision).toBe("allow");
  });

  it("forwards a Linear GraphQL mutation to the fake Linear", async () => {
    const query =
      "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success } }";
    const { status, body, headers } = await gateway("POST", "linear/graphql", allowAll.keys.gateway, {
      query,
      variables: { input: { title: "Bug", teamId: "TEAM_ID" } },
    });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { issueCreate: { success: true } } });
    const row = await auditRow(headers.get("x-sentrail-auditlogid"));
    expect(row).toMatchObject({
      tool: "linear",
      action: "issue.create",
      risk_level: "medium",
      resource_type: "issue",
    });
    const record = (await server.state()).upstreamRequests.at(-1);
    expect(record).toMatchObject({ tool: "linear", method: "POST", url: "https://api.linear.app/graphql" });
  });

  it("answers deletes from the fake GitHub with 204 and no body", async () => {
    const { status, text, headers } = await gateway(
      "DELETE",
      `github/repos/${allowAll.repo}/contents/docs/old.md`,
      allowAll.keys.gateway,
      { message: "remove", sha: "abc" },
    );
    expect(status).toBe(204);
    expect(text).toBe("");
    expect(headers.get("x-sentrail-decision")).toBe("allow");
  });
});

describe("gateway-proxy: block and require_approval", () => {
  it("answers a policy block with 403, the documented body and the X-Sentrail headers, and forwards nothing", async () => {
    const workspace = await server.seedWorkspace({
      policies: [
        { name: "Block all writes", tool: "github", actionPattern: "*", mode: "block", priority: 100 },
      ],
    });
    const before = (await server.state()).upstreamRequests.length;
    const { status, body, headers } = await gateway(
      "POST",
      `github/repos/${workspace.repo}/issues`,
      workspace.keys.gateway,
      {
        title: "x",
      },
    );
    expect(status).toBe(403);
    expect(body).toMatchObject({
      ok: false,
      decision: "block",
      reason: "Policy 'Block all writes' matched",
      auditLogId: expect.stringMatching(UUID),
      correlationId: expect.stringMatching(UUID),
    });
    expect(headers.get("x-sentrail-decision")).toBe("block");
    expect(headers.get("x-sentrail-auditlogid")).toBe(body.auditLogId);
    expect(headers.get("x-sentrail-correlationid")).toBe(body.correlationId);
    expect((await server.state()).upstreamRequests.length).toBe(before);
  });

  it("answers require_approval with 202, a poll URL, and stores the call without its credentials", async () => {
    const workspace = await server.seedWorkspace({
      policies: [
        {
          name: "Require approval for PRs",
          tool: "github",
          actionPattern: "pull_request.*",
          mode: "require_approval",
          priority: 50,
        },
      ],
    });
    const payload = { title: "Fix bug", head: "fix/123", base: "main" };
    const { status, body, headers } = await gateway(
      "POST",
      `github/repos/${workspace.repo}/pulls`,
      workspace.keys.gateway,
      payload,
      {
        "x-agent-id": "my-coding-agent",
        cookie: "session=secret-cookie",
        "x-github-api-version": "2022-11-28",
      },
    );
    expect(status).toBe(202);
    expect(body).toMatchObject({
      ok: true,
      decision: "require_approval",
      reason: "Policy 'Require approval for PRs' matched",
      approvalRequestId: expect.stringMatching(UUID),
      auditLogId: expect.stringMatching(UUID),
      correlationId: expect.stringMatching(UUID),
      pollUrl: `/functions/v1/gateway-proxy/status/${body.correlationId}`,
    });
    expect(headers.get("x-sentrail-decision")).toBe("require_approval");
    const state = await server.state();
    const deferred = state.deferredActions.find(
      (row: { correlation_id: string }) => row.correlation_id === body.correlationId,
    );
    expect(deferred).toMatchObject({
      target_url: `https://api.github.com/repos/${workspace.repo}/pulls`,
      method: "POST",
      body: JSON.stringify(payload),
      status: "pending",
    });
    const storedHeaders = Object.keys(deferred.headers).map((name) => name.toLowerCase());
    expect(storedHeaders).not.toContain("authorization");
    expect(storedHeaders).not.toContain("cookie");
    const approval = state.approvalRequests.find((row: { id: string }) => row.id === body.approvalRequestId);
    expect(approval).toMatchObject({
      status: "pending",
      tool: "github",
      action: "pull_request.create",
      risk_level: "high",
      agent_name: "my-coding-agent",
      has_deferred_action: true,
      action_hash: deferred.action_hash,
    });
    expect(
      state.upstreamRequests.some(
        (row: { body: unknown }) => JSON.stringify(row.body) === JSON.stringify(payload),
      ),
    ).toBe(false);
  });
});

describe("gateway-proxy: errors", () => {
  it.each([
    ["POST", "slack/chat.postMessage", "Unsupported tool"],
    ["GET", "github", "Missing path"],
    ["GET", "github/", "Missing path"],
  ])("%s /gateway-proxy/%s answers 400 %s", async (method, path, error) => {
    const { status, body } = await gateway(
      method,
      path,
      allowAll.keys.gateway,
      method === "POST" ? {} : undefined,
    );
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error });
  });

  it("answers 400 Tool not connected before evaluating, without an audit row", async () => {
    const workspace = await server.seedWorkspace({ policies: ALLOW_ALL, github: false });
    const before = (await server.state()).auditLogs.length;
    const { status, body } = await gateway("GET", "github/repos/acme/app", workspace.keys.gateway);
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error: "Tool not connected" });
    expect((await server.state()).auditLogs.length).toBe(before);
  });

  it("answers 400 for an unparsable JSON body and for a body over 1 MiB", async () => {
    const invalid = await gateway(
      "POST",
      `github/repos/${allowAll.repo}/issues`,
      allowAll.keys.gateway,
      "{nope",
      {
        "content-type": "application/json",
      },
    );
    expect(invalid).toMatchObject({ status: 400, body: { ok: false, error: "Invalid JSON body" } });
    const large = await gateway("POST", `github/repos/${allowAll.repo}/issues`, allowAll.keys.gateway, {
      title: "x".repeat(1_048_577),
    });
    expect(large).toMatchObject({ status: 400, body: { ok: false, error: "Request body too large" } });
  });

  it("answers 400 Invalid GraphQL request for a Linear body that is not GraphQL JSON", async () => {
    const { status, body } = await gateway("POST", "linear/graphql", allowAll.keys.gateway, { nope: true });
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error: "Invalid GraphQL request" });
  });

  it("answers 405 for a method outside GET, POST, PUT, PATCH, DELETE, before checking the key", async () => {
    const { status, body } = await server.call("PROPFIND", `/gateway-proxy/github/repos/${allowAll.repo}`);
    expect(status).toBe(405);
    expect(body).toEqual({ ok: false, error: "Method not allowed" });
  });
});

describe("gateway-proxy: GitHub classification (contract §6.1)", () => {
  it.each([
    ["GET", "issues?state=open", undefined, "read", "low", null, "REPO"],
    ["POST", "issues", { title: "x" }, "issues.create", "medium", "issue", "REPO"],
    ["PATCH", "issues/5", { state: "closed" }, "issues.update", "medium", "issue", "REPO#5"],
    ["POST", "issues/5/comments", { body: "x" }, "issues.comment.create", "medium", "issue", "REPO#5"],
    ["POST", "pulls", { title: "x" }, "pull_request.create", "high", "pull_request", "REPO"],
    ["PATCH", "pulls/7", { title: "y" }, "pull_request.update", "medium", "pull_request", "REPO#7"],
    ["PUT", "pulls/7/merge", {}, "pull_request.merge", "high", "pull_request", "REPO#7"],
    ["PUT", "contents/src/app.ts", { content: "eA==" }, "file.write", "high", "file", "REPO:src/app.ts"],
    ["DELETE", "contents/src/app.ts", { sha: "abc" }, "file.delete", "critical", "file", "REPO:src/app.ts"],
    ["POST", "releases", { tag_name: "v1" }, "release.create", "high", "release", "REPO"],
    ["DELETE", "git/refs/heads/feature", undefined, "ref.delete", "critical", "ref", "REPO:heads/feature"],
    [
      "PATCH",
      "git/refs/heads/main",
      { sha: "abc", force: true },
      "ref.force_update",
      "critical",
      "ref",
      "REPO:heads/main",
    ],
    ["PATCH", "git/refs/heads/main", { sha: "abc" }, "ref.update", "high", "ref", "REPO:heads/main"],
    ["DELETE", "", undefined, "repos.delete", "critical", "repository", "REPO"],
    ["POST", "forks", {}, "unknown_write", "high", null, "REPO"],
  ])(
    "%s /repos/:owner/:repo/%s is %s (%s)",
    async (method, suffix, body, action, risk, resourceType, resourceId) => {
      const path = `github/repos/${allowAll.repo}${suffix ? `/${suffix}` : ""}`;
      const { headers } = await gateway(method, path, allowAll.keys.gateway, body);
      const row = await auditRow(headers.get("x-sentrail-auditlogid"));
      expect(row).toMatchObject({
        tool: "github",
        action,
        risk_level: risk,
        resource_type: resourceType,
        resource_id: resourceId.replace("REPO", allowAll.repo),
      });
    },
  );

  it("classifies POST /repos/:owner/:repo/git/refs as ref.create (medium)", async () => {
    const { headers } = await gateway(
      "POST",
      `github/repos/${allowAll.repo}/git/refs`,
      allowAll.keys.gateway,
      {
        ref: "refs/heads/x",
        sha: "abc",
      },
    );
    expect(await auditRow(headers.get("x-sentrail-auditlogid"))).toMatchObject({
      action: "ref.create",
      risk_level: "medium",
      resource_type: "ref",
    });
  });

  it("classifies reads and writes outside /repos", async () => {
    const read = await gateway("GET", "github/user", allowAll.keys.gateway);
    expect(await auditRow(read.headers.get("x-sentrail-auditlogid"))).toMatchObject({
      action: "read",
      risk_level: "low",
      resource_type: null,
      resource_id: null,
    });
    const write = await gateway("POST", "github/markdown", allowAll.keys.gateway, { text: "x" });
    expect(await auditRow(write.headers.get("x-sentrail-auditlogid"))).toMatchObject({
      action: "unknown_write",
      risk_level: "high",
    });
  });

  it("ignores a trailing slash and the query string, and forwards the query verbatim", async () => {
    const { headers } = await gateway(
      "GET",
      `github/repos/${allowAll.repo}/issues/?state=all&per_page=5`,
      allowAll.keys.gateway,
    );
    expect((await auditRow(headers.get("x-sentrail-auditlogid"))).action).toBe("read");
    const record = (await server.state()).upstreamRequests.at(-1);
    expect(record.url).toContain("?state=all&per_page=5");
  });
});

describe("gateway-proxy: the classifier and the fake GitHub agree on paths (issue 12 item 4)", () => {
  it("puts a merge through approval however its number is spelled, and never merges what it calls unknown_write", async () => {
    const workspace = await server.seedWorkspace({
      policies: [
        {
          name: "Approve PRs",
          tool: "github",
          actionPattern: "pull_request.*",
          mode: "require_approval",
          priority: 10,
        },
        ...ALLOW_ALL,
      ],
    });
    for (const suffix of ["pulls/%31/merge", "pulls/1/merge/", "pulls/%2F1/merge"]) {
      const queued = await gateway(
        "PUT",
        `github/repos/${workspace.repo}/${suffix}`,
        workspace.keys.gateway,
        {},
      );
      expect(queued.status).toBe(202);
      expect(await auditRow(queued.headers.get("x-sentrail-auditlogid"))).toMatchObject({
        action: "pull_request.merge",
        resource_id: `${workspace.repo}#1`,
      });
    }
    for (const number of ["+1", "1.0", "01", "1e3"]) {
      const before = (await server.state()).upstreamRequests.length;
      const answer = await gateway(
        "PUT",
        `github/repos/${workspace.repo}/pulls/${number}/merge`,
        workspace.keys.gateway,
        {},
      );
      expect(await auditRow(answer.headers.get("x-sentrail-auditlogid"))).toMatchObject({
        action: "unknown_write",
      });
      // Allowed by the catch-all, forwarded, and refused by the fake as GitHub would: nothing merged.
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ message: "Not Found" });
      expect((await server.state()).upstreamRequests.length).toBe(before + 1);
    }
  });
});

describe("gateway-proxy: Linear classification (contract §6.2)", () => {
  it.each([
    ["query { viewer { id } }", undefined, "read", "low", null, null],
    [
      '# comment\nmutation { issueUpdate(id: "x", input: {}) { success } }',
      undefined,
      "issue.update",
      "medium",
      "issue",
      null,
    ],
    [
      "mutation($id: String!) { issueDelete(id: $id) { success } }",
      { id: "ISSUE-1" },
      "issue.delete",
      "high",
      "issue",
      "ISSUE-1",
    ],
    ['mutation { issueArchive(id: "x") { success } }', undefined, "issue.archive", "high", "issue", null],
    [
      "mutation { commentCreate(input: {}) { success } }",
      undefined,
      "comment.create",
      "medium",
      "comment",
      null,
    ],
  ])("classifies %s", async (query, variables, action, risk, resourceType, resourceId) => {
    const { headers } = await gateway("POST", "linear/graphql", allowAll.keys.gateway, { query, variables });
    expect(await auditRow(headers.get("x-sentrail-auditlogid"))).toMatchObject({
      tool: "linear",
      action,
      risk_level: risk,
      resource_type: resourceType,
      resource_id: resourceId,
    });
  });
});

describe("gateway-proxy: real upstream (config.base_url)", () => {
  let upstream: Server;
  let upstreamOrigin: string;
  const received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        response.writeHead(201, { "content-type": "application/json", "x-upstream": "local" });
        response.end(JSON.stringify({ id: 4242, number: 77, html_url: "https://example.test/77" }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it("forwards to base_url with the stored token, the allowed headers and the query, and nothing else", async () => {
    const workspace = await server.seedWorkspace({
      policies: ALLOW_ALL,
      github: { base_url: upstreamOrigin },
    });
    received.length = 0;
    const { status, body, headers } = await gateway(
      "POST",
      `github/repos/${workspace.repo}/issues?via=test`,
      workspace.keys.gateway,
      { title: "Real" },
      {
        "x-agent-id": "agent-7",
        cookie: "session=abc",
        accept: "application/vnd.github+json",
        "user-agent": "sentrail-test",
        "x-github-api-version": "2022-11-28",
        "x-sentrail-source": "proxy",
      },
    );
    expect(status).toBe(201);
    expect(body).toEqual({ id: 4242, number: 77, html_url: "https://example.test/77" });
    expect(headers.get("x-sentrail-decision")).toBe("allow");
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call?.method).toBe("POST");
    expect(call?.url).toBe(`/repos/${workspace.repo}/issues?via=test`);
    expect(JSON.parse(call?.body ?? "")).toEqual({ title: "Real" });
    const secrets = workspace.secrets;
    expect(call?.headers.authorization).toMatch(/^Bearer gho_/);
    expect(secrets).toContain(call?.headers.authorization?.slice("Bearer ".length));
    expect(call?.headers.accept).toBe("application/vnd.github+json");
    expect(call?.headers["user-agent"]).toBe("sentrail-test");
    expect(call?.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(call?.headers["content-type"]).toContain("application/json");
    expect(call?.headers["x-agent-id"]).toBeUndefined();
    expect(call?.headers.cookie).toBeUndefined();
    expect(call?.headers["x-sentrail-source"]).toBeUndefined();
    expect(call?.headers.authorization).not.toContain(workspace.keys.gateway);
    const record = (await server.state()).upstreamRequests.at(-1);
    expect(record).toMatchObject({
      tool: "github",
      url: `${upstreamOrigin}/repos/${workspace.repo}/issues?via=test`,
    });
    expect(record.headers.authorization).toBe("[redacted]");
  });

  it("forwards an encoded path to base_url as the canonical path it classified (issue 17 item 7)", async () => {
    const workspace = await server.seedWorkspace({
      policies: ALLOW_ALL,
      github: { base_url: upstreamOrigin },
    });
    const [owner, name] = workspace.repo.split("/") as [string, string];
    for (const sent of [
      `repos%2F${owner}%2F${name}%2Fissues`,
      `repos/${owner}/${name}/pulls%2F..%2Fissues`,
      `repos/${owner}/%61pp/./issues/`,
    ]) {
      received.length = 0;
      const { status, headers } = await gateway("POST", `github/${sent}?via=test`, workspace.keys.gateway, {
        title: "Encoded",
      });
      expect(status, sent).toBe(201);
      expect(await auditRow(headers.get("x-sentrail-auditlogid")), sent).toMatchObject({
        action: "issues.create",
        resource_type: "issue",
        resource_id: workspace.repo,
      });
      expect(
        received.map((call) => `${call.method} ${call.url}`),
        sent,
      ).toEqual([`POST /repos/${workspace.repo}/issues?via=test`]);
      expect((await server.state()).upstreamRequests.at(-1).url, sent).toBe(
        `${upstreamOrigin}/repos/${workspace.repo}/issues?via=test`,
      );
    }
    // Segments are re-encoded one by one: a file name keeps its escaped `?` and space as one segment.
    received.length = 0;
    await gateway(
      "PUT",
      `github/repos%2F${owner}%2F${name}%2Fcontents%2Fa%20b%3Fc.md`,
      workspace.keys.gateway,
      {
        content: "eA==",
      },
    );
    expect(received.map((call) => call.url)).toEqual([`/repos/${workspace.repo}/contents/a%20b%3Fc.md`]);
  });

  it("stores, hashes and replays an encoded path's canonical URL after approval (issue 17 item 7)", async () => {
    const workspace = await server.seedWorkspace({
      policies: [
        {
          name: "Review issues",
          tool: "github",
          actionPattern: "issues.*",
          mode: "require_approval",
          priority: 10,
        },
        ...ALLOW_ALL,
      ],
      github: { base_url: upstreamOrigin },
    });
    const [owner, name] = workspace.repo.split("/") as [string, string];
    received.length = 0;
    const body = { title: "Needs review" };
    const queued = await gateway(
      "POST",
      `github/repos%2F${owner}%2F${name}%2Fissues?via=approval`,
      workspace.keys.gateway,
      body,
    );
    expect(queued.status).toBe(202);
    expect(received).toEqual([]);
    expect(await auditRow(queued.headers.get("x-sentrail-auditlogid"))).toMatchObject({
      action: "issues.create",
      resource_id: workspace.repo,
    });
    const canonicalUrl = `${upstreamOrigin}/repos/${workspace.repo}/issues?via=approval`;
    const state = await server.state();
    const deferred = state.deferredActions.find(
      (row: { approval_request_id: string }) => row.approval_request_id === queued.body.approvalRequestId,
    );
    const approval = state.approvalRequests.find(
      (row: { id: string }) => row.id === queued.body.approvalRequestId,
    );
    expect(deferred.target_url).toBe(canonicalUrl);
    const expectedHash = createHash("sha256")
      .update(`${canonicalUrl}\nPOST\n${JSON.stringify(body)}`)
      .digest("hex");
    expect(deferred.action_hash).toBe(expectedHash);
    expect(approval.action_hash).toBe(expectedHash);

    const decided = await server.call("POST", "/approval-decision", {
      bearer: workspace.tokens.reviewer,
      body: { approvalRequestId: queued.body.approvalRequestId, decision: "approved" },
    });
    expect(decided.body).toMatchObject({ status: "executed" });
    expect(received.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST /repos/${workspace.repo}/issues?via=approval`,
    ]);
    expect(JSON.parse(received[0]?.body ?? "")).toEqual(body);
  });

  it("answers 502 when base_url points at nothing", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const workspace = await server.seedWorkspace({ policies: ALLOW_ALL, github: { base_url: deadOrigin } });
    const { status, body } = await gateway("GET", `github/repos/${workspace.repo}`, workspace.keys.gateway);
    expect(status).toBe(502);
    expect(body).toEqual({ ok: false, error: "Upstream request failed" });
  });
});

describe("gateway-proxy: secrets", () => {
  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
