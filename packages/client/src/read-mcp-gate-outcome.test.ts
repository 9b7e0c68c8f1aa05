import { describe, expect, it } from "vitest";
import { MCP_BLOCKED_ERROR_CODE, readMcpGateOutcome } from "./read-mcp-gate-outcome";

const ids = {
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
};

describe("readMcpGateOutcome", () => {
  it("reads an ordinary result", () => {
    const result = { content: [{ type: "text", text: "created #42" }] };
    expect(readMcpGateOutcome({ jsonrpc: "2.0", id: 3, result })).toEqual({ kind: "result", result });
  });

  it("reads a -32001 block with its reason and ids", () => {
    expect(
      readMcpGateOutcome({
        jsonrpc: "2.0",
        id: 3,
        error: {
          code: MCP_BLOCKED_ERROR_CODE,
          message: "Blocked by Sentrail policy: Policy 'Block deletes' matched",
          data: { decision: "block", reason: "Policy 'Block deletes' matched", ...ids },
        },
      }),
    ).toEqual({
      kind: "blocked",
      reason: "Policy 'Block deletes' matched",
      message: "Blocked by Sentrail policy: Policy 'Block deletes' matched",
      ...ids,
    });
  });

  it("reads a -32001 block without data from its message", () => {
    expect(
      readMcpGateOutcome({
        jsonrpc: "2.0",
        id: 3,
        error: { code: -32001, message: "Blocked by Sentrail policy: Kill switch is active" },
      }),
    ).toEqual({
      kind: "blocked",
      reason: "Kill switch is active",
      message: "Blocked by Sentrail policy: Kill switch is active",
      auditLogId: null,
      correlationId: null,
    });
  });

  it("reads a pending approval from _meta.sentrail", () => {
    const pollUrl = `/functions/v1/gateway-proxy/status/${ids.correlationId}`;
    const result = {
      content: [{ type: "text", text: "Sentrail: this tool call requires human approval" }],
      isError: true,
      _meta: {
        sentrail: {
          status: "require_approval",
          reason: "Policy 'Review MCP writes' matched",
          approvalRequestId: "550e8400-e29b-41d4-a716-446655440000",
          ...ids,
          pollUrl,
        },
      },
    };
    expect(readMcpGateOutcome({ jsonrpc: "2.0", id: 3, result })).toEqual({
      kind: "pending_approval",
      reason: "Policy 'Review MCP writes' matched",
      approvalRequestId: "550e8400-e29b-41d4-a716-446655440000",
      ...ids,
      pollUrl,
      result,
    });
  });

  it("treats an incomplete _meta.sentrail as an ordinary result", () => {
    const result = { content: [], _meta: { sentrail: { status: "require_approval" } } };
    expect(readMcpGateOutcome({ jsonrpc: "2.0", id: 3, result }).kind).toBe("result");
  });

  it("passes other JSON-RPC errors through", () => {
    const error = { code: -32601, message: "Method not allowed by Sentrail: prompts/list" };
    expect(readMcpGateOutcome({ jsonrpc: "2.0", id: 4, error })).toEqual({ kind: "error", error });
  });
});
