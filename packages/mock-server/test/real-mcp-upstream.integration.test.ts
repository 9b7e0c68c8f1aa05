import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type StreamableMcpServer, startStreamableMcpServer } from "./helpers/start-streamable-mcp-server.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;
let upstream: StreamableMcpServer;
let workspace: SeededWorkspace;

const MCP_TOKEN = "mcp_upstream_token_0123456789";
const POLICIES = [
  {
    name: "Review issue creation",
    tool: "mcp",
    actionPattern: "create_*",
    mode: "require_approval",
    priority: 50,
  },
  { name: "Allow the rest", tool: "mcp", actionPattern: "*", mode: "allow", priority: 900 },
];

beforeAll(async () => {
  server = await startTestServer();
  let nextNumber = 100;
  upstream = await startStreamableMcpServer(
    [
      {
        name: "create_issue",
        description: "Create an issue",
        inputSchema: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
        handler: (args) => ({
          content: [{ type: "text", text: `Created #${nextNumber++}: ${String(args.title)}` }],
        }),
      },
      {
        name: "get_issue",
        description: "Get an issue",
        inputSchema: { type: "object", properties: { number: { type: "integer" } }, required: ["number"] },
        handler: (args) => ({ content: [{ type: "text", text: `Issue #${String(args.number)}` }] }),
      },
    ],
    { requiredAuthorization: `Bearer ${MCP_TOKEN}` },
  );
  workspace = await server.seedWorkspace({
    policies: POLICIES,
    mcp: { url: upstream.url, accessToken: MCP_TOKEN },
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

async function forwardedRecords() {
  return (await server.state()).upstreamRequests.filter((row: { url: string }) => row.url === upstream.url);
}

describe("a real streamable-HTTP MCP server as the upstream", () => {
  it("lists the upstream's tools through the gate after one handshake, with the connection's token", async () => {
    const { status, body } = await rpc({ id: 1, method: "tools/list" });
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: {
        tools: [
          expect.objectContaining({ name: "create_issue" }),
          expect.objectContaining({ name: "get_issue" }),
        ],
      },
    });
    expect(upstream.methods).toEqual(["initialize", "notifications/initialized", "tools/list"]);
    expect(new Set(upstream.authorizations)).toEqual(new Set([`Bearer ${MCP_TOKEN}`]));
  });

  it("forwards an allowed tools/call and returns the upstream result (read from its SSE reply)", async () => {
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
    expect(upstream.methods.filter((method) => method === "initialize")).toHaveLength(1);
  });

  it("defers a call needing approval, then replays it exactly once when approved", async () => {
    const call = {
      id: 3,
      method: "tools/call",
      params: { name: "create_issue", arguments: { title: "Real upstream" } },
    };
    const { body } = await rpc(call);
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
      executionResult: { content: [{ type: "text", text: "Created #100: Real upstream" }] },
    });
    expect(upstream.calls.get("create_issue")).toBe(1);

    const again = await server.call("POST", "/approval-decision", {
      bearer: workspace.tokens.admin,
      body: { approvalRequestId: meta.approvalRequestId, decision: "approved" },
    });
    expect(again.status).toBe(409);
    expect(upstream.calls.get("create_issue")).toBe(1);

    const poll = await server.call("GET", `/gateway-proxy/status/${meta.correlationId}`, {
      bearer: workspace.keys.mcp,
    });
    expect(poll.body).toMatchObject({ status: "executed", result: decision.body.executionResult });
  });

  it("re-initializes transparently when the upstream forgets the session", async () => {
    upstream.dropSessions();
    const before = upstream.calls.get("get_issue") ?? 0;
    const { body } = await rpc({
      id: 4,
      method: "tools/call",
      params: { name: "get_issue", arguments: { number: 6 } },
    });
    expect(body.result).toEqual({ content: [{ type: "text", text: "Issue #6" }] });
    expect(upstream.calls.get("get_issue")).toBe(before + 1);
    expect(upstream.methods.filter((method) => method === "initialize")).toHaveLength(2);
  });

  it("records only the forwarded calls, never the handshake, with the token redacted", async () => {
    const records = await forwardedRecords();
    const methods = records.map((row: { body: { method: string } }) => row.body.method);
    expect(methods).toEqual(["tools/list", "tools/call", "tools/call", "tools/call"]);
    for (const record of records) expect(record.headers.authorization).toBe("[redacted]");
  });

  it("answers -32000 Upstream MCP server error when the upstream is gone", async () => {
    const gone = await startStreamableMcpServer([]);
    await gone.close();
    const orphan = await server.seedWorkspace({ policies: POLICIES, mcp: { url: gone.url } });
    const { status, body } = await server.call("POST", "/mcp-gate/sse", {
      bearer: orphan.keys.mcp,
      body: {
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: { name: "get_issue", arguments: { number: 1 } },
      },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 9,
      error: { code: -32000, message: "Upstream MCP server error" },
    });
  });

  it("leaves no API key or access token in /__mock/state", async () => {
    server.secrets.push(MCP_TOKEN);
    await expectNoSecretsInState(server);
  });
});
