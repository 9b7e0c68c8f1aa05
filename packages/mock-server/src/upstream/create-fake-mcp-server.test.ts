import { describe, expect, it } from "vitest";
import { createFakeMcpServer } from "./create-fake-mcp-server.js";
import type { UpstreamRequest } from "./upstream-types.js";

function rpc(message: unknown): UpstreamRequest {
  return {
    tool: "mcp",
    method: "POST",
    url: "fake-mcp",
    headers: { "content-type": "application/json" },
    body: typeof message === "string" ? message : JSON.stringify(message),
    useFake: true,
  };
}

function callTool(server: ReturnType<typeof createFakeMcpServer>, name: string, args: unknown, id = 1) {
  return JSON.parse(
    server.answer(rpc({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } })).body,
  );
}

describe("createFakeMcpServer", () => {
  it("lists get_issue, list_issues, create_issue and delete_issue with input schemas", () => {
    const answer = JSON.parse(
      createFakeMcpServer().answer(rpc({ jsonrpc: "2.0", id: 2, method: "tools/list" })).body,
    );
    expect(answer.id).toBe(2);
    expect(answer.result.tools.map((tool: { name: string }) => tool.name)).toEqual([
      "get_issue",
      "list_issues",
      "create_issue",
      "delete_issue",
    ]);
    for (const tool of answer.result.tools) expect(tool.inputSchema.type).toBe("object");
  });

  it("answers tools/call with a text content result and increasing issue numbers", () => {
    const server = createFakeMcpServer();
    const first = callTool(server, "create_issue", { title: "Bug" }, 3);
    const second = callTool(server, "create_issue", { title: "Other" }, 4);
    expect(first).toEqual({
      jsonrpc: "2.0",
      id: 3,
      result: {
        content: [
          { type: "text", text: JSON.stringify({ number: 1, title: "Bug", body: null, state: "open" }) },
        ],
      },
    });
    expect(JSON.parse(second.result.content[0].text).number).toBe(2);
    expect(JSON.parse(callTool(server, "get_issue", { number: 2 }).result.content[0].text).title).toBe(
      "Other",
    );
    expect(JSON.parse(callTool(server, "list_issues", {}).result.content[0].text)).toHaveLength(2);
    expect(JSON.parse(callTool(server, "delete_issue", { number: 1 }).result.content[0].text)).toEqual({
      number: 1,
      deleted: true,
    });
  });

  it("answers an unknown tool or missing argument with a JSON-RPC -32602 error", () => {
    const server = createFakeMcpServer();
    expect(callTool(server, "drop_database", {}).error).toEqual({
      code: -32602,
      message: "Unknown tool: drop_database",
    });
    expect(callTool(server, "create_issue", {}).error.code).toBe(-32602);
  });

  it("answers initialize, ping, notifications and unknown methods like an MCP server", () => {
    const server = createFakeMcpServer();
    const initialize = JSON.parse(
      server.answer(
        rpc({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18" } }),
      ).body,
    );
    expect(initialize.result).toMatchObject({ protocolVersion: "2025-06-18", capabilities: { tools: {} } });
    expect(JSON.parse(server.answer(rpc({ jsonrpc: "2.0", id: 2, method: "ping" })).body).result).toEqual({});
    expect(server.answer(rpc({ jsonrpc: "2.0", method: "notifications/initialized" }))).toEqual({
      status: 202,
      headers: {},
      body: "",
    });
    expect(
      JSON.parse(server.answer(rpc({ jsonrpc: "2.0", id: 3, method: "resources/list" })).body).error.code,
    ).toBe(-32601);
  });

  it("answers unreadable JSON with HTTP 400 and -32700", () => {
    const response = createFakeMcpServer().answer(rpc("{not json"));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe(-32700);
  });
});
