import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SdkMcpServer, startSdkMcpServer } from "./helpers/start-sdk-mcp-server.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;
let upstream: SdkMcpServer;
let workspace: SeededWorkspace;

beforeAll(async () => {
  server = await startTestServer();
  upstream = await startSdkMcpServer();
  workspace = await server.seedWorkspace({
    policies: [
      {
        name: "Review issue creation",
        tool: "mcp",
        actionPattern: "create_*",
        mode: "require_approval",
        priority: 50,
      },
      { name: "Allow the rest", tool: "mcp", actionPattern: "*", mode: "allow", priority: 900 },
    ],
    mcp: { url: upstream.url },
  });
});

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

function rpc(message: Record<string, unknown>) {
  return server.call("POST", "/mcp-gate/sse", {
    bearer: workspace.keys.mcp,
    body: { jsonrpc: "2.0", ...message },
  });
}

describe("an MCP SDK McpServer over StreamableHTTPServerTransport as the upstream", () => {
  it("lists its tools through the gate, after one session handshake", async () => {
    const { status, body } = await rpc({ id: 1, method: "tools/list" });
    expect(status).toBe(200);
    expect(body.id).toBe(1);
    expect(body.result.tools.map((tool: { name: string }) => tool.name).sort()).toEqual([
      "create_issue",
      "get_issue",
    ]);
    expect(upstream.methods.slice(0, 3)).toEqual(["initialize", "notifications/initialized", "tools/list"]);
    expect(upstream.sessionCount()).toBe(1);
  });

  it("forwards an allowed tools/call and returns the SDK's result unchanged", async () => {
    const { body } = await rpc({
      id: 2,
      method: "tools/call",
      params: { name: "get_issue", arguments: { number: 5 } },
    });
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 2,
      result: { content: [{ type: "text", text: "Issue #5" }] },
    });
    expect(upstream.calls.get("get_issue")).toBe(1);
    expect(upstream.sessionCount()).toBe(1);
  });

  it("on approval replays the deferred call once: the tool handler runs exactly once", async () => {
    const { body } = await rpc({
      id: 3,
      method: "tools/call",
      params: { name: "create_issue", arguments: { title: "Via SDK" } },
    });
    const meta = body.result._meta.sentrail;
    expect(meta.status).toBe("require_approval");
    expect(upstream.calls.get("create_issue") ?? 0).toBe(0);

    const decision = await server.call("POST", "/approval-decision", {
      bearer: workspace.tokens.reviewer,
      body: { approvalRequestId: meta.approvalRequestId, decision: "approved" },
    });
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({
      ok: true,
      status: "executed",
      executionResult: { content: [{ type: "text", text: "Created #1: Via SDK" }] },
    });
    const second = await server.call("POST", "/approval-decision", {
      bearer: workspace.tokens.admin,
      body: { approvalRequestId: meta.approvalRequestId, decision: "approved" },
    });
    expect(second.status).toBe(409);
    expect(upstream.calls.get("create_issue")).toBe(1);

    const records = (await server.state()).upstreamRequests.filter(
      (row: { url: string; body: { params?: { name?: string } } }) =>
        row.url === upstream.url && row.body.params?.name === "create_issue",
    );
    expect(records).toHaveLength(1);
  });

  it("answers an unknown tool with the SDK's own answer, passed through", async () => {
    const { status, body } = await rpc({
      id: 4,
      method: "tools/call",
      params: { name: "list_things", arguments: {} },
    });
    expect(status).toBe(200);
    expect(body.id).toBe(4);
    expect(body.error ?? body.result?.isError).toBeTruthy();
  });

  it("opens a new session when the server has forgotten the old one, and runs the call once", async () => {
    await upstream.dropSessions();
    const before = upstream.calls.get("get_issue") ?? 0;
    const { body } = await rpc({
      id: 5,
      method: "tools/call",
      params: { name: "get_issue", arguments: { number: 8 } },
    });
    expect(body.result).toEqual({ content: [{ type: "text", text: "Issue #8" }] });
    expect(upstream.calls.get("get_issue")).toBe(before + 1);
    expect(upstream.sessionCount()).toBe(1);
  });

  it("records the forwarded calls only, never the handshake", async () => {
    const methods = (await server.state()).upstreamRequests
      .filter((row: { url: string }) => row.url === upstream.url)
      .map((row: { body: { method: string } }) => row.body.method);
    expect(methods).not.toContain("initialize");
    expect(methods).not.toContain("notifications/initialized");
    expect(methods[0]).toBe("tools/list");
  });

  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
