import { beforeEach, describe, expect, it } from "vitest";
import { UpstreamNetworkError } from "../upstream/upstream-types.js";
import {
  createHandlerTestKit,
  type HandlerTestKit,
  type SeededTestWorkspace,
} from "./create-handler-test-kit.js";

let kit: HandlerTestKit;
let ws: SeededTestWorkspace;

beforeEach(async () => {
  kit = createHandlerTestKit();
  ws = await kit.seedWorkspace({
    policies: [
      { name: "Allow issues", tool: "github", actionPattern: "issues.*", mode: "allow", priority: 10 },
      { name: "Allow reads", tool: "*", actionPattern: "read", mode: "allow", priority: 10 },
      {
        name: "Require approval for PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      },
      { name: "Block all writes", tool: "github", actionPattern: "file.*", mode: "block", priority: 100 },
      { name: "Allow linear", tool: "linear", actionPattern: "*", mode: "allow", priority: 10 },
    ],
  });
});

const proxy = (
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; bearer?: string } = {},
) => kit.call(method, `/gateway-proxy/${path}`, { bearer: ws.keys.gateway, ...options });

describe("gateway-proxy: allow", () => {
  it("forwards with the tool token, passes the upstream status and body through, and adds the three headers", async () => {
    const { status, body, headers } = await proxy("POST", "github/repos/owner/repo/issues?via=test", {
      body: { title: "Fix login bug" },
      headers: {
        "x-agent-id": "my-coding-agent",
        accept: "application/vnd.github+json",
        "user-agent": "agent/1.0",
        "x-github-api-version": "2022-11-28",
        cookie: "session=1",
        "x-sentrail-source": "x",
      },
    });
    expect(status).toBe(201);
    expect(body).toEqual({ id: 42, number: 42, html_url: "https://github.com/octo/app/issues/42" });
    expect(headers.get("x-sentrail-decision")).toBe("allow");
    const audit = kit.control.state().auditLogs[0];
    expect(headers.get("x-sentrail-auditlogid")).toBe(audit?.id);
    expect(headers.get("x-sentrail-correlationid")).toBe(audit?.correlation_id);
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(kit.upstream.sent).toEqual([
      {
        tool: "github",
        method: "POST",
        url: "https://api.github.com/repos/owner/repo/issues?via=test",
        headers: {
          accept: "application/vnd.github+json",
          "content-type": "application/json",
          "user-agent": "agent/1.0",
          "x-github-api-version": "2022-11-28",
          authorization: "Bearer gho_testtoken123456",
        },
        body: JSON.stringify({ title: "Fix login bug" }),
        useFake: true,
      },
    ]);
    expect(audit).toMatchObject({
      decision: "allow",
      action: "issues.create",
      risk_level: "medium",
      resource_type: "issue",
      resource_id: "owner/repo",
      source: "gateway",
      agent_name: "my-coding-agent",
      payload_preview: { title: "Fix login bug" },
    });
  });

  it("passes upstream errors through unchanged with X-Sentrail-Decision: allow", async () => {
    kit.upstream.next({
      status: 422,
      headers: { "content-type": "application/json", etag: "x" },
      body: '{"message":"Validation Failed"}',
    });
    const { status, body, headers } = await proxy("POST", "github/repos/o/r/issues", { body: {} });
    expect(status).toBe(422);
    expect(body).toEqual({ message: "Validation Failed" });
    expect(headers.get("x-sentrail-decision")).toBe("allow");
    expect(headers.get("etag")).toBe("x");
  });

  it("passes a 204 through with no body", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({ policies: [{ name: "Allow all", tool: "*", mode: "allow" }] });
    const { status, text } = await kit2.call("DELETE", "/gateway-proxy/github/repos/o/r/issues/1/labels/x", {
      bearer: ws2.keys.gateway,
    });
    expect(status).toBe(204);
    expect(text).toBe("");
  });

  it("answers 502 when the upstream cannot be reached; the audit row stays allow", async () => {
    kit.upstream.next(new UpstreamNetworkError("ECONNREFUSED"));
    const { status, body, headers } = await proxy("GET", "github/repos/o/r");
    expect(status).toBe(502);
    expect(body).toEqual({ ok: false, error: "Upstream request failed" });
    expect(headers.get("x-sentrail-decision")).toBeNull();
    expect(kit.control.state().auditLogs.map((row) => row.decision)).toEqual(["allow"]);
  });

  it("sends Linear GraphQL to api.linear.app with the bearer token and classifies the mutation", async () => {
    const query =
      "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success } }";
    const { status } = await proxy("POST", "linear/graphql", {
      body: { query, variables: { input: { title: "Bug" } } },
    });
    expect(status).toBe(200);
    expect(kit.upstream.sent[0]).toMatchObject({
      tool: "linear",
      url: "https://api.linear.app/graphql",
      headers: { authorization: "Bearer lin_api_testtoken123456" },
      useFake: true,
    });
    expect(kit.control.state().auditLogs[0]).toMatchObject({
      action: "issue.create",
      risk_level: "medium",
      resource_type: "issue",
    });
  });

  it("uses a connection's base_url as a real upstream", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({
      policies: [{ name: "Allow all", tool: "*", mode: "allow" }],
      toolConnections: [
        { tool: "github", config: { access_token: "gho_x", base_url: "http://127.0.0.1:9999/api/" } },
      ],
    });
    await kit2.call("GET", "/gateway-proxy/github/repos/o/r/pulls", { bearer: ws2.keys.gateway });
    expect(kit2.upstream.sent[0]).toMatchObject({
      url: "http://127.0.0.1:9999/api/repos/o/r/pulls",
      useFake: false,
    });
  });
});

describe("gateway-proxy: block and require_approval", () => {
  it("answers 403 with the block body and headers, and never calls the upstream", async () => {
    const { status, body, headers } = await proxy("PUT", "github/repos/o/r/contents/a/b.txt", {
      body: { content: "eA==" },
    });
    expect(status).toBe(403);
    expect(body).toEqual({
      ok: false,
      decision: "block",
      reason: "Policy 'Block all writes' matched",
      auditLogId: expect.any(String),
      correlationId: expect.any(String),
      matchedPolicyId: ws.policyIds[3],
    });
    expect(headers.get("x-sentrail-decision")).toBe("block");
    expect(headers.get("x-sentrail-correlationid")).toBe(body.correlationId);
    expect(kit.upstream.sent).toEqual([]);
  });

  it("answers 202 with a poll URL and stores the call without credentials", async () => {
    const requestBody = JSON.stringify({ title: "Fix bug", head: "fix/123", base: "main" });
    const { status, body, headers } = await proxy("POST", "github/repos/owner/repo/pulls", {
      rawBody: requestBody,
      headers: { "content-type": "application/json", "x-agent-id": "bot", cookie: "c=1" },
    });
    expect(status).toBe(202);
    expect(body).toEqual({
      ok: true,
      decision: "require_approval",
      reason: "Policy 'Require approval for PRs' matched",
      approvalRequestId: expect.any(String),
      auditLogId: expect.any(String),
      correlationId: expect.any(String),
      pollUrl: `/functions/v1/gateway-proxy/status/${body.correlationId}`,
      matchedPolicyId: ws.policyIds[2],
    });
    expect(headers.get("x-sentrail-decision")).toBe("require_approval");
    const state = kit.control.state();
    expect(state.deferredActions).toEqual([
      expect.objectContaining({
        approval_request_id: body.approvalRequestId,
        correlation_id: body.correlationId,
        target_url: "https://api.github.com/repos/owner/repo/pulls",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: requestBody,
        status: "pending",
        action_hash: state.approvalRequests[0]?.action_hash,
      }),
    ]);
    expect(state.approvalRequests[0]).toMatchObject({
      has_deferred_action: true,
      agent_name: "bot",
      payload: JSON.parse(requestBody),
    });
    expect(kit.upstream.sent).toEqual([]);
  });
});

describe("gateway-proxy: errors", () => {
  it.each([
    ["an unsupported tool", "POST", "slack/chat.postMessage", "Unsupported tool"],
    ["no tool", "GET", "", "Unsupported tool"],
    ["a missing path", "GET", "github", "Missing path"],
    ["a missing path with a slash", "GET", "github/", "Missing path"],
    ["a GitHub path that is empty once read", "POST", "github/%2F", "Missing path"],
    ["a GitHub path whose dot segments leave nothing", "DELETE", "github/repos%2F..", "Missing path"],
  ])("refuses %s", async (_name, method, path, error) => {
    const { status, body } = await proxy(method, path);
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error });
  });

  it("refuses a body over 1 MiB", async () => {
    const { status, body } = await proxy("POST", "github/repos/o/r/issues", {
      rawBody: "x".repeat(1_048_577),
      headers: { "content-type": "text/plain" },
    });
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error: "Request body too large" });
  });

  it("refuses unparsable JSON sent as JSON, but forwards other text as raw", async () => {
    expect(
      (
        await proxy("POST", "github/repos/o/r/issues", {
          rawBody: "{",
          headers: { "content-type": "application/json" },
        })
      ).body,
    ).toEqual({
      ok: false,
      error: "Invalid JSON body",
    });
    await proxy("POST", "github/repos/o/r/issues", {
      rawBody: "plain",
      headers: { "content-type": "text/plain" },
    });
    expect(kit.control.state().auditLogs[0]?.payload_preview).toEqual({ _raw: "plain" });
  });

  it("refuses an invalid GraphQL request for Linear", async () => {
    expect((await proxy("POST", "linear/graphql", { body: { notAQuery: true } })).body).toEqual({
      ok: false,
      error: "Invalid GraphQL request",
    });
  });

  it("answers Tool not connected before evaluating, leaving no audit row", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({ toolConnections: [{ tool: "linear", config: {} }] });
    for (const path of ["github/repos/o/r", "linear/graphql"]) {
      const { status, body } = await kit2.call("GET", `/gateway-proxy/${path}`, { bearer: ws2.keys.gateway });
      expect(status).toBe(400);
      expect(body).toEqual({ ok: false, error: "Tool not connected" });
    }
    expect(kit2.control.state().auditLogs).toEqual([]);
  });

  it("checks method, then key, then validation", async () => {
    expect((await kit.call("HEAD", "/gateway-proxy/github/repos/o/r")).status).toBe(405);
    expect((await kit.call("OPTIONS", "/gateway-proxy/github/repos/o/r")).status).toBe(204);
    const noKey = await kit.call("POST", "/gateway-proxy/slack/x");
    expect(noKey).toMatchObject({ status: 401, body: { ok: false, error: "Invalid or expired API key" } });
    expect((await proxy("GET", "slack/x", { bearer: ws.keys.evaluate })).status).toBe(401);
  });
});

describe("GET /gateway-proxy/status/{correlationId}", () => {
  it("shows a pending approval with all four kill-switch keys", async () => {
    const { body: queued } = await proxy("POST", "github/repos/o/r/pulls", { body: { title: "x" } });
    const { status, body } = await kit.call("GET", `/gateway-proxy/status/${queued.correlationId}`, {
      bearer: ws.keys.gateway,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      status: "pending",
      decision: "require_approval",
      result: null,
      killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
      approvalRequestId: queued.approvalRequestId,
      correlationId: queued.correlationId,
    });
  });

  it("accepts keys holding gateway, mcp or evaluate, and is routed before the proxy", async () => {
    const { body: queued } = await proxy("POST", "github/repos/o/r/pulls", { body: {} });
    for (const key of [ws.keys.gateway, ws.keys.mcp, ws.keys.evaluate]) {
      expect(
        (await kit.call("GET", `/gateway-proxy/status/${queued.correlationId}`, { bearer: key })).status,
      ).toBe(200);
    }
    expect(
      (await kit.call("POST", `/gateway-proxy/status/${queued.correlationId}`, { bearer: ws.keys.gateway }))
        .status,
    ).toBe(405);
    expect((await kit.call("GET", `/gateway-proxy/status/${queued.correlationId}`)).status).toBe(401);
  });

  it("answers 404 for an unknown id, another workspace's id, or an evaluation without approval", async () => {
    const { body: allowed } = await proxy("GET", "github/repos/o/r");
    const { body: queued } = await proxy("POST", "github/repos/o/r/pulls", { body: {} });
    const other = await kit.seedWorkspace();
    const notFound = { ok: false, error: "Approval request not found" };
    for (const [id, key] of [
      [crypto.randomUUID(), ws.keys.gateway],
      [allowed.correlationId ?? kit.control.state().auditLogs[0]?.correlation_id, ws.keys.gateway],
      [queued.correlationId, other.keys.gateway],
      ["", ws.keys.gateway],
    ]) {
      const response = await kit.call("GET", `/gateway-proxy/status/${id}`, { bearer: key });
      expect(response.status).toBe(404);
      expect(response.body).toEqual(notFound);
    }
  });
});
