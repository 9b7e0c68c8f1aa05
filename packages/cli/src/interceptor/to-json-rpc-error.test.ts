import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { GuardOutcome } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { toJsonRpcError } from "./to-json-rpc-error";

const base = {
  toolName: "bash",
  callKey: "k",
  mode: "enforce",
  decision: "block",
  sideEffect: "not_started",
  retrySafe: false,
  message: "m",
  reason: "Policy 'X' matched",
  auditLogId: "a",
  correlationId: "c",
  approvalRequestId: null,
  matchedPolicyId: null,
  wait: null,
  resume: null,
  error: null,
} as const;
const outcome = (fields: Record<string, unknown>) =>
  ({ ...base, ...fields }) as unknown as Exclude<GuardOutcome, { status: "executed" }>;

describe("toJsonRpcError maps every refusal to the proxy's JSON-RPC error", () => {
  it.each([
    ["blocked", -32001, "Blocked by Sentrail policy: Policy 'X' matched"],
    ["kill_switch", -32001, "Blocked by Sentrail policy: Policy 'X' matched"],
    ["denied", -32001, "Approval denied"],
    ["expired", -32001, "Approval timed out"],
    ["timed_out", -32001, "Approval timed out"],
    ["unavailable", -32001, "Sentrail unreachable; failing closed"],
    ["aborted", -32001, "Cancelled before it ran"],
  ])("%s → %i %s", (status, code, message) => {
    const error = toJsonRpcError(outcome({ status }));
    expect(error).toMatchObject({
      code,
      message,
      data: { status, reason: "Policy 'X' matched", auditLogId: "a" },
    });
  });

  it("passes an upstream MCP error on without the SDK's prefix", () => {
    const error = toJsonRpcError(
      outcome({ status: "failed", error: new McpError(-32602, "No such issue", { n: 1 }) }),
    );
    expect(error).toMatchObject({ code: -32602, message: "No such issue", data: { n: 1 } });
  });

  it("never lets the SDK's own request timeout (-32001) pass for a Sentrail refusal", () => {
    const error = toJsonRpcError(
      outcome({ status: "failed", error: new McpError(ErrorCode.RequestTimeout, "Request timed out") }),
    );
    expect(error.code).toBe(-32000);
    expect(error.message).toBe("Upstream MCP server error");
  });
});
