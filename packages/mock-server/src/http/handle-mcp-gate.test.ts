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
      { name: "Block deletes", tool: "mcp", toolNamePattern: "delete_*", mode: "block", priority: 5 },
      {
        name: "Review MCP writes",
        tool: "mcp",
        actionPattern: "create_*",
        mode: "require_approval",
        priority: 50,
      },
      { name: "Allow reads", tool: "mcp", actionPattern: "get_*", mode: "allow", priority: 10 },
    ],
  });
});

const rpc = (
  message: unknown,
  options: { bearer?: string; headers?: Record<string, string>; rawBody?: string } = {},
) => kit.call("POST", "/mcp-gate/sse", { bearer: ws.keys.mcp, body: message, ...options });

describe("mcp-gate lifecycle methods", () => {
  it("answers initialize itself", async () => {
    const { status, body } = await rpc({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} });
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: {
        protocolVersion: "2024-11-05",
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: "sentrail-mcp-gate", version: "1.0.0" },
      },
    });
    expect(kit.upstream.sent).toEqual([]);
  });

  it("acknowledges notifications/initialized with 202 and no body, and answers ping with {}", async () => {
    const ack = await rpc({ jsonrpc: "2.0", method: "notifications/initialized" });
    expect(ack.status).toBe(202);
    expect(ack.text).toBe("");
    expect((await rpc({ jsonrpc: "2.0", id: "p", method: "ping" })).body).toEqual({
      jsonrpc: "2.0",
      id: "p",
      result: {},
    });
  });

  it("works without an upstream for initialize, ping and notifications, but answers 424 for tools/*", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({ toolConnections: [] });
    const call = (message: unknown) =>
      kit2.call("POST", "/mcp-gate/sse", { bearer: ws2.keys.mcp, body: message });
    expect((await call({ jsonrpc: "2.0", id: 1, method: "initialize" })).status).toBe(200);
    expect((await call({ jsonrpc: "2.0", id: 2, method: "ping" })).status).toBe(200);
    for (const message of [
      { jsonrpc: "2.0", id: 3, method: "tools/list" },
      { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "get_issue" } },
    ]) {
      const { status, body } = await call(message);
      expect(status).toBe(424);
      expect(body).toEqual({
        jsonrpc: "2.0",
        id: message.id,
        error: { code: -32000, message: "No MCP server connected for this workspace" },
      });
    }
  });
});

describe("tools/list", () => {
  it("forwards upstream, returns the result unchanged and caches it for 60 s per workspace + connection", async () => {
    kit.control.clock({ set: "2030-01-01T00:00:00.000Z" });
    const first = await rpc({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(first.body).toEqual({
      jsonrpc: "2.0",
      id: 2,
      result: { tools: [{ name: "create_issue", inputSchema: { type: "object" } }] },
    });
    expect(kit.upstream.sent[0]).toMatchObject({
      tool: "mcp",
      method: "POST",
      url: "http://fake-mcp.sentrail.invalid/mcp",
      headers: { authorization: "Bearer mcp-token-123456", accept: "application/json, text/event-stream" },
      useFake: true,
    });
    const second = await rpc({ jsonrpc: "2.0", id: 9, method: "tools/list" });
    expect(second.body.id).toBe(9);
    expect(second.body.result).toEqual(first.body.result);
    expect(kit.upstream.sent).toHaveLength(1);
    kit.control.clock({ advanceMs: 60_000 });
    await rpc({ jsonrpc: "2.0", id: 10, method: "tools/list" });
    expect(kit.upstream.sent).toHaveLength(2);
    expect(kit.control.state().auditLogs).toEqual([]);
  });

  it("forgets the cache on reset", async () => {
    await rpc({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const before = kit.upstream.sent.length;
    kit.control.reset();
    const again = await kit.seedWorkspace();
    ws = again;
    await rpc({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(kit.upstream.sent.length).toBeGreaterThan(0);
    expect(before).toBe(1);
  });

  it("keeps working while the kill switch is on", async () => {
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.admin,
      body: { workspaceId: ws.workspaceId, action: "enable" },
    });
    expect((await rpc({ jsonrpc: "2.0", id: 1, method: "tools/list" })).body.result.tools).toHaveLength(1);
  });

  it("answers -32000 when the upstream fails, and does not cache it", async () => {
    kit.upstream.next(new UpstreamNetworkError("down"));
    expect((await rpc({ jsonrpc: "2.0", id: 1, method: "tools/list" })).body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32000, message: "Upstream MCP server error" },
    });
    kit.upstream.next({ status: 500, headers: {}, body: "oops" });
    expect((await rpc({ jsonrpc: "2.0", id: 2, method: "tools/list" })).body.error.code).toBe(-32000);
    expect((await rpc({ jsonrpc: "2.0", id: 3, method: "tools/list" })).body.result).toBeDefined();
  });

  it("sends `Authorization: token …` for a token-type connection and no header without a token", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({
      toolConnections: [
        {
          tool: "mcp",
          mcpServerUrl: "https://mcp.example.test/mcp",
          mcpAuthType: "token",
          config: { access_token: "t0k" },
        },
      ],
    });
    await kit2.call("POST", "/mcp-gate/sse", {
      bearer: ws2.keys.mcp,
      body: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    });
    expect(kit2.upstream.sent[0]).toMatchObject({
      url: "https://mcp.example.test/mcp",
      headers: { authorization: "token t0k" },
      useFake: false,
    });
    const kit3 = createHandlerTestKit();
    const ws3 = await kit3.seedWorkspace({ toolConnections: [{ tool: "mcp" }] });
    await kit3.call("POST", "/mcp-gate/sse", {
      bearer: ws3.keys.mcp,
      body: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    });
    expect(kit3.upstream.sent[0]?.headers.authorization).toBeUndefined();
  });
});

describe("tools/call", () => {
  it("forwards an allowed call and returns the upstream answer unchanged", async () => {
    kit.upstream.next({
      status: 200,
      headers: {},
      body: '{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"issue 1"}],"extra":true}}',
    });
    const message = {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "get_issue", arguments: { id: 1 } },
    };
    const { status, body, headers } = await rpc(message, { headers: { "x-agent-id": "cursor" } });
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 3,
      result: { content: [{ type: "text", text: "issue 1" }], extra: true },
    });
    expect(headers.get("x-sentrail-decision")).toBe("allow");
    expect(kit.upstream.sent[0]?.body).toBe(JSON.stringify(message));
    expect(kit.control.state().auditLogs[0]).toMatchObject({
      tool: "mcp",
      action: "get_issue",
      risk_level: "low",
      decision: "allow",
      source: "mcp",
      agent_name: "cursor",
      payload_preview: { tool: "get_issue", arguments: { id: 1 } },
    });
  });

  it("blocks with JSON-RPC -32001 and the reason", async () => {
    const { status, body } = await rpc({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "delete_issue" },
    });
    const audit = kit.control.state().auditLogs[0];
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 3,
      error: {
        code: -32001,
        message: "Blocked by Sentrail policy: Policy 'Block deletes' matched",
        data: {
          decision: "block",
          reason: "Policy 'Block deletes' matched",
          auditLogId: audit?.id,
          correlationId: audit?.correlation_id,
        },
      },
    });
    expect(audit?.risk_level).toBe("high");
    expect(kit.upstream.sent).toEqual([]);
  });

  it("uses the same block message for the kill switch", async () => {
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.admin,
      body: { workspaceId: ws.workspaceId, action: "enable" },
    });
    const { body } = await rpc({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "get_issue" },
    });
    expect(body.error).toMatchObject({
      code: -32001,
      message: "Blocked by Sentrail policy: Kill switch is active",
      data: { reason: "Kill switch is active" },
    });
  });

  it("answers require_approval as a result with isError and _meta.sentrail, and stores the call", async () => {
    const message = {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "create_issue", arguments: { title: "Bug" } },
    };
    const { status, body } = await rpc(message);
    const approval = kit.control.state().approvalRequests[0];
    const pollUrl = `/functions/v1/gateway-proxy/status/${approval?.correlation_id}`;
    expect(status).toBe(200);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 3,
      result: {
        content: [
          {
            type: "text",
            text: `Sentrail: this tool call requires human approval (Policy 'Review MCP writes' matched). Approval request ${approval?.id} is pending; poll ${pollUrl}.`,
          },
        ],
        isError: true,
        _meta: {
          sentrail: {
            status: "require_approval",
            reason: "Policy 'Review MCP writes' matched",
            approvalRequestId: approval?.id,
            auditLogId: approval?.audit_log_id,
            correlationId: approval?.correlation_id,
            pollUrl,
          },
        },
      },
    });
    expect(kit.control.state().deferredActions[0]).toMatchObject({
      target_url: "http://fake-mcp.sentrail.invalid/mcp",
      method: "POST",
      body: JSON.stringify(message),
    });
    expect(kit.upstream.sent).toEqual([]);
  });

  it("answers -32602 without params.name", async () => {
    expect((await rpc({ jsonrpc: "2.0", id: 3, method: "tools/call", params: {} })).body).toEqual({
      jsonrpc: "2.0",
      id: 3,
      error: { code: -32602, message: "Invalid params: tools/call requires params.name" },
    });
  });

  it("answers -32000 when the upstream fails on an allowed call", async () => {
    kit.upstream.next(new UpstreamNetworkError("down"));
    const { status, body } = await rpc({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "get_issue" },
    });
    expect(status).toBe(200);
    expect(body.error).toEqual({ code: -32000, message: "Upstream MCP server error" });
  });
});

describe("methods outside the allow-list", () => {
  it("answers -32601 and audits unknown_method_blocked with the method in the payload", async () => {
    const { body } = await rpc({ jsonrpc: "2.0", id: 5, method: "resources/read", params: { uri: "x" } });
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 5,
      error: { code: -32601, message: "Method not allowed by Sentrail: resources/read" },
    });
    expect(kit.control.state().auditLogs[0]).toMatchObject({
      tool: "mcp",
      action: "unknown_method_blocked",
      decision: "block",
      risk_level: "high",
      payload_preview: { method: "resources/read" },
      source: "mcp",
    });
    expect(kit.upstream.sent).toEqual([]);
  });

  it("acknowledges other notifications with 202 and audits them", async () => {
    const { status, text } = await rpc({ jsonrpc: "2.0", method: "notifications/cancelled" });
    expect(status).toBe(202);
    expect(text).toBe("");
    expect(kit.control.state().auditLogs[0]).toMatchObject({
      action: "unknown_method_blocked",
      payload_preview: { method: "notifications/cancelled" },
    });
  });

  it("answers -32600 Invalid Request to JSON that is not a JSON-RPC request", async () => {
    expect((await rpc({ jsonrpc: "2.0", id: 4 })).body).toEqual({
      jsonrpc: "2.0",
      id: 4,
      error: { code: -32600, message: "Invalid Request" },
    });
    expect((await rpc("ping")).body).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "Invalid Request" },
    });
  });

  it("refuses batches with -32600 and invalid JSON with 400 -32700", async () => {
    expect((await rpc([{ jsonrpc: "2.0", id: 1, method: "ping" }])).body).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "Batch requests are not supported" },
    });
    const parse = await rpc(undefined, { rawBody: "{not json" });
    expect(parse.status).toBe(400);
    expect(parse.body).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
  });
});

describe("transport", () => {
  it("answers one SSE frame when Accept lists only text/event-stream", async () => {
    const { status, text, headers } = await rpc(
      { jsonrpc: "2.0", id: 7, method: "ping" },
      { headers: { accept: "text/event-stream" } },
    );
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/event-stream");
    expect(text).toBe('event: message\ndata: {"jsonrpc":"2.0","id":7,"result":{}}\n\n');
    const both = await rpc(
      { jsonrpc: "2.0", id: 7, method: "ping" },
      { headers: { accept: "application/json, text/event-stream" } },
    );
    expect(both.headers.get("content-type")).toBe("application/json");
  });

  it("checks method, path and key: 405, 404, 401, and accepts an evaluate-only key", async () => {
    expect((await kit.call("GET", "/mcp-gate/sse", { bearer: ws.keys.mcp })).status).toBe(405);
    expect((await kit.call("POST", "/mcp-gate/other", { bearer: ws.keys.mcp })).status).toBe(404);
    expect((await kit.call("POST", "/mcp-gate", { bearer: ws.keys.mcp })).status).toBe(404);
    const noKey = await rpc({ jsonrpc: "2.0", id: 1, method: "ping" }, { bearer: ws.keys.gateway });
    expect(noKey).toMatchObject({ status: 401, body: { ok: false, error: "Invalid or expired API key" } });
    expect((await rpc({ jsonrpc: "2.0", id: 1, method: "ping" }, { bearer: ws.keys.evaluate })).status).toBe(
      200,
    );
  });
});
