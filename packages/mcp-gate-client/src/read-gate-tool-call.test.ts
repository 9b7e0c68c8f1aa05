import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { SentrailAuthenticationError, SentrailUnavailableError } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { readGateToolCall } from "./read-gate-tool-call";

const ids = {
  approvalRequestId: "550e8400-e29b-41d4-a716-446655440000",
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
};

describe("readGateToolCall", () => {
  it("reads a plain result as allow with the upstream's result", () => {
    const result = { content: [{ type: "text", text: "ok" }] };
    expect(readGateToolCall({ result })).toEqual({
      evaluation: { decision: "allow", reason: "", matchedPolicyId: null, auditLogId: "", correlationId: "" },
      result,
    });
  });

  it("reads the gate's pending notice (§4.4) as require_approval with the ids", () => {
    const notice = {
      content: [{ type: "text", text: "Sentrail: this tool call requires human approval" }],
      isError: true,
      _meta: {
        sentrail: {
          status: "require_approval",
          reason: "Policy 'Review MCP writes' matched",
          pollUrl: "/x",
          ...ids,
        },
      },
    };
    expect(readGateToolCall({ result: notice })).toEqual({
      evaluation: {
        decision: "require_approval",
        reason: "Policy 'Review MCP writes' matched",
        matchedPolicyId: null,
        ...ids,
      },
      notice,
    });
  });

  it("reads -32001 with Sentrail's data as block", () => {
    const error = new McpError(-32001, "Blocked by Sentrail policy: Kill switch is active", {
      decision: "block",
      reason: "Kill switch is active",
      auditLogId: ids.auditLogId,
      correlationId: ids.correlationId,
    });
    expect(readGateToolCall({ error })).toEqual({
      evaluation: {
        decision: "block",
        reason: "Kill switch is active",
        matchedPolicyId: null,
        auditLogId: ids.auditLogId,
        correlationId: ids.correlationId,
      },
    });
  });

  it("tells the SDK's own timeout (also -32001) from a block: unavailable, kind timeout", () => {
    const timeout = new McpError(-32001, "Request timed out", { timeout: 60_000 });
    expect(() => readGateToolCall({ error: timeout })).toThrow(
      expect.objectContaining({ name: "SentrailUnavailableError", kind: "timeout" }),
    );
  });

  it("reads any other JSON-RPC error as a forwarded call whose upstream failed", () => {
    const error = new McpError(-32000, "Upstream MCP server error");
    expect(readGateToolCall({ error })).toEqual({
      evaluation: { decision: "allow", reason: "", matchedPolicyId: null, auditLogId: "", correlationId: "" },
      upstreamError: error,
    });
  });

  it("rethrows transport errors and wraps anything unreadable", () => {
    const unauthorized = new SentrailAuthenticationError("Invalid or expired API key", { status: 401 });
    expect(() => readGateToolCall({ error: unauthorized })).toThrow(unauthorized);
    expect(() => readGateToolCall({ error: new SyntaxError("Unexpected token") })).toThrow(
      expect.objectContaining({ kind: "unreadable" }),
    );
    expect(SentrailUnavailableError.isInstance(new SentrailUnavailableError("unreadable", "x"))).toBe(true);
  });
});
