import { describe, expect, it } from "vitest";
import { createMockSentrail } from "./create-mock-sentrail.js";

const WS = "11111111-1111-4111-8111-111111111111";
const ADMIN = "22222222-2222-4222-8222-222222222222";
const KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const GITHUB_TOKEN = "gho_supersecrettoken0001";
const MCP_TOKEN = "mcp_supersecrettoken0002";

const seed = {
  workspaces: [{ id: WS, name: "Acme" }],
  members: [{ workspaceId: WS, userId: ADMIN, role: "owner" as const }],
  apiKeys: [
    {
      workspaceId: WS,
      key: KEY,
      name: "all",
      scopes: ["evaluate" as const, "gateway" as const, "mcp" as const],
    },
  ],
  policies: [
    {
      workspaceId: WS,
      name: "Allow issues",
      tool: "github" as const,
      actionPattern: "issues.*",
      mode: "allow" as const,
      priority: 10,
    },
    {
      workspaceId: WS,
      name: "Review PRs",
      tool: "github" as const,
      actionPattern: "pull_request.*",
      mode: "require_approval" as const,
      priority: 50,
    },
    { workspaceId: WS, name: "Allow MCP", tool: "mcp" as const, mode: "allow" as const, priority: 900 },
  ],
  toolConnections: [
    {
      workspaceId: WS,
      tool: "github" as const,
      config: { access_token: GITHUB_TOKEN, repos: ["octo/app"], webhook_secret: "whsec_abc" },
    },
    { workspaceId: WS, tool: "mcp" as const, config: { access_token: MCP_TOKEN } },
  ],
};

function call(
  mock: ReturnType<typeof createMockSentrail>,
  method: string,
  path: string,
  body?: unknown,
  bearer = KEY,
) {
  return mock.handle(
    new Request(`http://localhost:4010/functions/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

describe("createMockSentrail with the built-in upstreams", () => {
  it("runs a gateway call on the fake GitHub and records it with secrets redacted", async () => {
    const mock = createMockSentrail();
    await mock.control.seed(seed);
    const response = await call(mock, "POST", "/gateway-proxy/github/repos/octo/app/issues", {
      title: "Fix login bug",
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      number: 1,
      title: "Fix login bug",
      html_url: "https://github.com/octo/app/issues/1",
    });
    const [record] = mock.control.state().upstreamRequests;
    expect(record).toMatchObject({
      tool: "github",
      method: "POST",
      url: "https://api.github.com/repos/octo/app/issues",
    });
    expect(record?.headers.authorization).toBe("[redacted]");
  });

  it("approves and replays a pull request on the fake GitHub; the poll shows the result", async () => {
    const mock = createMockSentrail();
    const { tokens } = await mock.control.seed(seed);
    const queued = await (
      await call(mock, "POST", "/gateway-proxy/github/repos/octo/app/pulls", {
        title: "Feature",
        head: "f",
        base: "main",
      })
    ).json();
    expect(queued.decision).toBe("require_approval");
    const decided = await call(
      mock,
      "POST",
      "/approval-decision",
      { approvalRequestId: queued.approvalRequestId, decision: "approved" },
      tokens[ADMIN],
    );
    expect(await decided.json()).toMatchObject({
      ok: true,
      status: "executed",
      executionResult: { number: 1, title: "Feature" },
    });
    const poll = await (await call(mock, "GET", `/gateway-proxy/status/${queued.correlationId}`)).json();
    expect(poll).toMatchObject({
      status: "executed",
      result: { html_url: "https://github.com/octo/app/pull/1" },
    });
    expect(mock.control.state().upstreamRequests).toHaveLength(1);
  });

  it("speaks to the fake MCP server through mcp-gate", async () => {
    const mock = createMockSentrail();
    await mock.control.seed(seed);
    const list = await (
      await call(mock, "POST", "/mcp-gate/sse", { jsonrpc: "2.0", id: 1, method: "tools/list" })
    ).json();
    expect(list.result.tools.map((tool: { name: string }) => tool.name)).toEqual(
      expect.arrayContaining(["get_issue", "list_issues", "create_issue", "delete_issue"]),
    );
    const created = await (
      await call(mock, "POST", "/mcp-gate/sse", {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "create_issue", arguments: { title: "Bug" } },
      })
    ).json();
    expect(created).toMatchObject({ jsonrpc: "2.0", id: 2, result: expect.any(Object) });
  });

  it("honours scripted upstream answers", async () => {
    const mock = createMockSentrail();
    await mock.control.seed(seed);
    mock.control.upstream({ tool: "github", status: 500, body: { message: "boom" } });
    const response = await call(mock, "POST", "/gateway-proxy/github/repos/octo/app/issues", { title: "x" });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-sentrail-decision")).toBe("allow");
  });

  it("delivers Slack notifications through the injected fetch", async () => {
    const received: unknown[] = [];
    const fetchImpl = (async (_url: string, init?: RequestInit) => {
      received.push(JSON.parse(String(init?.body)));
      return new Response("ok");
    }) as unknown as typeof fetch;
    const mock = createMockSentrail({ fetch: fetchImpl });
    await mock.control.seed({
      ...seed,
      workspaces: [{ id: WS, name: "Acme", slackWebhookUrl: "https://hooks.slack.test/T/B/C" }],
    });
    await call(mock, "POST", "/evaluate-action", {
      tool: "github",
      action: "pull_request.create",
      riskLevel: "high",
    });
    const state = await (await mock.handle(new Request("http://localhost/__mock/state"))).json();
    expect(received).toEqual([
      { text: expect.stringContaining("approval required for github pull_request.create") },
    ]);
    expect(state.notifications.find((row: { channel: string }) => row.channel === "slack")).toMatchObject({
      status: "sent",
    });
  });

  it("takes real time from the now option", async () => {
    const mock = createMockSentrail({ now: () => new Date("2031-05-05T00:00:00.000Z") });
    expect(mock.control.clock()).toBe("2031-05-05T00:00:00.000Z");
  });

  it("leaves no API key, token, secret or Authorization value anywhere in the state after a run", async () => {
    const mock = createMockSentrail();
    const { tokens } = await mock.control.seed(seed);
    await call(mock, "POST", "/gateway-proxy/github/repos/octo/app/issues", { title: "x" });
    const queued = await (
      await call(mock, "POST", "/gateway-proxy/github/repos/octo/app/pulls", { title: "y" })
    ).json();
    await call(
      mock,
      "POST",
      "/approval-decision",
      { approvalRequestId: queued.approvalRequestId, decision: "approved" },
      tokens[ADMIN],
    );
    await call(mock, "POST", "/mcp-gate/sse", {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "get_issue", arguments: { id: 1 } },
    });
    await call(mock, "POST", "/evaluate-action", { tool: "slack", action: "post", riskLevel: "low" });
    await call(mock, "POST", "/kill-switch", { workspaceId: WS, action: "enable" }, tokens[ADMIN]);
    const created = await (
      await call(
        mock,
        "POST",
        "/manage-api-keys",
        { action: "create", workspaceId: WS, name: "n", scopes: ["evaluate"] },
        tokens[ADMIN],
      )
    ).json();
    await call(
      mock,
      "POST",
      "/evaluate-action",
      { tool: "slack", action: "post", riskLevel: "low" },
      created.key,
    );
    const json = JSON.stringify(mock.control.state());
    for (const secret of [KEY, created.key, GITHUB_TOKEN, MCP_TOKEN, "whsec_abc", tokens[ADMIN] as string]) {
      expect(json).not.toContain(secret);
    }
    expect(json).not.toMatch(/agk_[A-Za-z0-9]/);
    expect(json).not.toMatch(/Bearer\s+\S/i);
  });
});
