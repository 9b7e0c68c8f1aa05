import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const MCP_POLICIES = [
  {
    name: "Block deletes",
    tool: "mcp",
    actionPattern: "*",
    toolNamePattern: "delete_*",
    mode: "block",
    priority: 100,
  },
  {
    name: "Review MCP writes",
    tool: "mcp",
    actionPattern: "create_*",
    mode: "require_approval",
    priority: 60,
  },
  {
    name: "Allow MCP reads",
    tool: "mcp",
    actionPattern: "*",
    conditions: { maxRiskLevel: "low" },
    mode: "allow",
    priority: 10,
  },
];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

function rpc(workspace: SeededWorkspace, message: unknown, headers?: Record<string, string>) {
  return server.call("POST", "/mcp-gate/sse", { bearer: workspace.keys.mcp, body: message, headers });
}

function toolCall(id: number, name: string, args: Record<string, unknown> = {}) {
  return { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } };
}

async function mcpRecords() {
  return (await server.state()).upstreamRequests.filter((row: { tool: string }) => row.tool === "mcp");
}

describe("mcp-gate: lifecycle methods", () => {
  let workspace: SeededWorkspace;

  beforeAll(async () => {
    workspace = await server.seedWorkspace({ policies: MCP_POLICIES });
  });

  it("answers initialize itself with the documented result", async () => {
    const { status, body, headers } = await rpc(workspace, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("application/json");
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: {
        protocolVersion: "2024-11-05",
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: "sentrail-mcp-gate", version: "1.0.0" },
      },
    });
  });

  it("acknowledges notifications/initialized with 202 and no body", async () => {
    const { status, text } = await rpc(workspace, { jsonrpc: "2.0", method: "notifications/initialized" });
    expect(status).toBe(202);
    expect(text).toBe("");
  });

  it("answers ping with an empty result", async () => {
    expect((await rpc(workspace, { jsonrpc: "2.0", id: "p", method: "ping" })).body).toEqual({
      jsonrpc: "2.0",
      id: "p",
      result: {},
    });
  });

  it("works without any MCP connection for lifecycle methods, and answers 424 for tools/*", async () => {
    const unconnected = await server.seedWorkspace({ mcp: false });
    expect((await rpc(unconnected, { jsonrpc: "2.0", id: 1, method: "initialize", params: {} })).status).toBe(
      200,
    );
    expect((await rpc(unconnected, { jsonrpc: "2.0", id: 2, method: "ping" })).status).toBe(200);
    for (const message of [
      { jsonrpc: "2.0", id: 3, method: "tools/list" },
      toolCall(4, "get_issue", { number: 1 }),
    ]) {
      const { status, body } = await rpc(unconnected, message);
      expect(status).toBe(424);
      expect(body).toEqual({
        jsonrpc: "2.0",
        id: message.id,
        error: { code: -32000, message: "No MCP server connected for this workspace" },
      });
    }
  });
});

describe("mcp-gate: tools/list", () => {
  it("forwards to the upstream, returns its tools unchanged and caches them for 60 s", async () => {
    const workspace = await server.seedWorkspace({ policies: MCP_POLICIES });
    const before = (await mcpRecords()).length;
    const first = await rpc(workspace, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(first.status).toBe(200);
    expect(first.body.id).toBe(2);
    expect(first.body.result.tools.map((tool: { name: string }) => tool.name)).toEqual([
      "get_issue",
      "list_issues",
      "create_issue",
      "delete_issue",
    ]);
    expect(first.body.result.tools[2].inputSchema).toMatchObject({ type: "object", required: ["title"] });
    expect((await mcpRecords()).length).toBe(before + 1);
    const second = await rpc(workspace, { jsonrpc: "2.0", id: 3, method: "tools/list" });
    expect(second.body).toEqual({ ...first.body, id: 3 });
    expect((await mcpRecords()).length).toBe(before + 1);
    await server.advanceClock(61_000);
    await rpc(workspace, { jsonrpc: "2.0", id: 4, method: "tools/list" });
    expect((await mcpRecords()).length).toBe(before + 2);
  });
});

describe("mcp-gate: tools/call", () => {
  let workspace: SeededWorkspace;

  beforeAll(async () => {
    workspace = await server.seedWorkspace({ policies: MCP_POLICIES });
  });

  it("forwards an allowed call and returns the upstream answer unchanged", async () => {
    const before = (await mcpRecords()).length;
    const { status, body, headers } = await rpc(workspace, toolCall(3, "get_issue", { number: 7 }), {
      "x-agent-id": "claude-code",
    });
    expect(status).toBe(200);
    expect(body.id).toBe(3);
    expect(JSON.parse(body.result.content[0].text)).toMatchObject({ number: 7 });
    expect(headers.get("x-sentrail-decision")).toBe("allow");
    const records = await mcpRecords();
    expect(records.length).toBe(before + 1);
    expect(records.at(-1).body).toEqual(toolCall(3, "get_issue", { number: 7 }));
    const row = (await server.state()).auditLogs.find(
      (audit: { id: string }) => audit.id === headers.get("x-sentrail-auditlogid"),
    );
    expect(row).toMatchObject({
      tool: "mcp",
      action: "get_issue",
      risk_level: "low",
      decision: "allow",
      source: "mcp",
      agent_name: "claude-code",
      payload_preview: { tool: "get_issue", arguments: { number: 7 } },
    });
  });

  it("blocks with JSON-RPC error -32001 carrying the reason and ids, without calling upstream", async () => {
    const before = (await mcpRecords()).length;
    const { status, body } = await rpc(workspace, toolCall(4, "delete_issue", { number: 1 }));
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 4,
      error: {
        code: -32001,
        message: "Blocked by Sentrail policy: Policy 'Block deletes' matched",
        data: {
          decision: "block",
          reason: "Policy 'Block deletes' matched",
          auditLogId: expect.stringMatching(UUID),
          correlationId: expect.stringMatching(UUID),
        },
      },
    });
    expect((await mcpRecords()).length).toBe(before);
  });

  it("defers a call needing approval with the documented result, then replays it once on approval", async () => {
    const before = (await mcpRecords()).length;
    const call = toolCall(5, "create_issue", { title: "From MCP" });
    const { status, body } = await rpc(workspace, call);
    expect(status).toBe(200);
    const meta = body.result._meta.sentrail;
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 5,
      result: {
        content: [
          {
            type: "text",
            text: `Sentrail: this tool call requires human approval (Policy 'Review MCP writes' matched). Approval request ${meta.approvalRequestId} is pending; poll /functions/v1/gateway-proxy/status/${meta.correlationId}.`,
          },
        ],
        isError: true,
        _meta: {
          sentrail: {
            status: "require_approval",
            reason: "Policy 'Review MCP writes' matched",
            approvalRequestId: expect.stringMatching(UUID),
            auditLogId: expect.stringMatching(UUID),
            correlationId: expect.stringMatching(UUID),
            pollUrl: `/functions/v1/gateway-proxy/status/${meta.correlationId}`,
          },
        },
      },
    });
    expect((await mcpRecords()).length).toBe(before);
    const deferred = (await server.state()).deferredActions.find(
      (row: { correlation_id: string }) => row.correlation_id === meta.correlationId,
    );
    expect(deferred).toMatchObject({ method: "POST", status: "pending" });
    expect(JSON.parse(deferred.body)).toEqual(call);

    const decision = await server.call("POST", "/approval-decision", {
      bearer: workspace.tokens.reviewer,
      body: { approvalRequestId: meta.approvalRequestId, decision: "approved" },
    });
    expect(decision.status).toBe(200);
    expect(decision.body.status).toBe("executed");
    expect(JSON.parse(decision.body.executionResult.content[0].text)).toMatchObject({ title: "From MCP" });
    const records = await mcpRecords();
    expect(records.length).toBe(before + 1);
    expect(records.at(-1).body).toEqual(call);
    const poll = await server.call("GET", meta.pollUrl.replace("/functions/v1", ""), {
      bearer: workspace.keys.mcp,
    });
    expect(poll.body).toMatchObject({ status: "executed", result: decision.body.executionResult });
  });

  it("marks the approval failed when the replayed MCP call answers a JSON-RPC error", async () => {
    const { body } = await rpc(workspace, toolCall(6, "create_issue", { title: "Will fail" }));
    await server.scriptUpstream({
      tool: "mcp",
      body: { jsonrpc: "2.0", error: { code: -32603, message: "boom" } },
    });
    const decision = await server.call("POST", "/approval-decision", {
      bearer: workspace.tokens.reviewer,
      body: { approvalRequestId: body.result._meta.sentrail.approvalRequestId, decision: "approved" },
    });
    expect(decision.status).toBe(200);
    expect(decision.body.status).toBe("failed");
  });

  it("answers -32000 Upstream MCP server error when the upstream fails", async () => {
    await server.scriptUpstream({ tool: "mcp", networkError: true });
    const { status, body } = await rpc(workspace, toolCall(7, "list_issues"));
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 7,
      error: { code: -32000, message: "Upstream MCP server error" },
    });
  });

  it.each([
    ["delete_branch", "high"],
    ["destroy_env", "high"],
    ["drop_table", "high"],
    ["Remove_user", "high"],
    ["get_deleted_items", "high"],
    ["get_issue", "low"],
    ["list_issues", "low"],
    ["read_file", "low"],
    ["create_issue", "medium"],
    ["send_email", "medium"],
  ])("infers risk of tool %s as %s", async (name, risk) => {
    const observer = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    const { headers } = await rpc(observer, toolCall(8, name));
    const row = (await server.state()).auditLogs.find(
      (audit: { id: string }) => audit.id === headers.get("x-sentrail-auditlogid"),
    );
    expect(row).toMatchObject({ action: name, risk_level: risk, tool: "mcp" });
  });

  it("matches toolName exactly", async () => {
    const exact = await server.seedWorkspace({
      policies: [
        {
          name: "No issue creation",
          tool: "mcp",
          actionPattern: "*",
          toolName: "create_issue",
          mode: "block",
          priority: 1,
        },
      ],
      settings: { unmatchedDecision: "allow" },
    });
    expect((await rpc(exact, toolCall(1, "create_issue", { title: "x" }))).body.error.code).toBe(-32001);
    // Not blocked: forwarded, and the fake MCP server answers that it has no such tool.
    expect((await rpc(exact, toolCall(2, "create_issues", { title: "x" }))).body.error?.code).not.toBe(
      -32001,
    );
  });
});

describe("mcp-gate: protocol errors", () => {
  let workspace: SeededWorkspace;

  beforeAll(async () => {
    workspace = await server.seedWorkspace({ policies: MCP_POLICIES });
  });

  it("refuses methods outside the allow-list with -32601 and audits them", async () => {
    const { status, body } = await rpc(workspace, { jsonrpc: "2.0", id: 9, method: "resources/list" });
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 9,
      error: { code: -32601, message: "Method not allowed by Sentrail: resources/list" },
    });
    const row = (await server.state()).auditLogs.at(-1);
    expect(row).toMatchObject({
      workspace_id: workspace.workspaceId,
      tool: "mcp",
      action: "unknown_method_blocked",
      decision: "block",
      risk_level: "high",
      payload_preview: { method: "resources/list" },
    });
  });

  it("acknowledges other notifications with 202 and audits them", async () => {
    const { status, text } = await rpc(workspace, { jsonrpc: "2.0", method: "notifications/cancelled" });
    expect(status).toBe(202);
    expect(text).toBe("");
    expect((await server.state()).auditLogs.at(-1)).toMatchObject({
      action: "unknown_method_blocked",
      payload_preview: { method: "notifications/cancelled" },
    });
  });

  it("answers -32602 to tools/call without a name", async () => {
    const { body } = await rpc(workspace, { jsonrpc: "2.0", id: 10, method: "tools/call", params: {} });
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 10,
      error: { code: -32602, message: "Invalid params: tools/call requires params.name" },
    });
  });

  it("answers 400 -32700 to a body that is not JSON", async () => {
    const { status, body } = await rpc(workspace, "{nope");
    expect(status).toBe(400);
    expect(body).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
  });

  it("refuses batches with -32600", async () => {
    const { status, body } = await rpc(workspace, [{ jsonrpc: "2.0", id: 1, method: "ping" }]);
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "Batch requests are not supported" },
    });
  });

  it("answers one SSE frame when the client accepts only text/event-stream", async () => {
    const { status, headers, text } = await rpc(
      workspace,
      { jsonrpc: "2.0", id: 11, method: "ping" },
      {
        accept: "text/event-stream",
      },
    );
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("text/event-stream");
    expect(text).toBe(`event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: 11, result: {} })}\n\n`);
  });

  it("answers JSON when the client accepts both", async () => {
    const { headers, body } = await rpc(
      workspace,
      { jsonrpc: "2.0", id: 12, method: "ping" },
      {
        accept: "application/json, text/event-stream",
      },
    );
    expect(headers.get("content-type")).toContain("application/json");
    expect(body.id).toBe(12);
  });

  it("answers 405 to GET, PUT and DELETE, and 404 to another subpath", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const answer = await server.call(method, "/mcp-gate/sse", { bearer: workspace.keys.mcp });
      expect(answer.status, method).toBe(405);
    }
    const other = await server.call("POST", "/mcp-gate/other", { bearer: workspace.keys.mcp, body: {} });
    expect(other.status).toBe(404);
  });
});

describe("mcp-gate: secrets", () => {
  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
