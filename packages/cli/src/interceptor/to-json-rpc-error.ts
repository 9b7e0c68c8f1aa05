import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { GuardOutcome } from "@sentrail/client";
import { redactSecrets } from "@sentrail/client";
import { JsonRpcError } from "./json-rpc-error";

/** The JSON-RPC code for "not run by Sentrail" (contract §4.4, §14). */
export const BLOCKED_ERROR_CODE = -32001;
/** Contract §14: the message when Sentrail cannot be reached, is too slow (10 s) or answers non-200. */
export const UNREACHABLE_MESSAGE = "Sentrail unreachable; failing closed";
/** Contract §14: the message when a held call is not approved in time. */
export const APPROVAL_TIMED_OUT_MESSAGE = "Approval timed out";

/**
 * The one place where a guard outcome that did not produce the upstream's result becomes the JSON-RPC
 * error the agent sees (contract §14, §4.4, §20.1). `data` always carries `status` (the guard's
 * outcome), `reason`, and Sentrail's ids when there are any:
 *
 * | outcome                     | code     | message                                          |
 * | --------------------------- | -------- | ------------------------------------------------ |
 * | `blocked`, `kill_switch`    | `-32001` | `Blocked by Sentrail policy: <reason>`           |
 * | `denied`                    | `-32001` | `Approval denied`                                |
 * | `timed_out`, `expired`      | `-32001` | `Approval timed out`                             |
 * | `unavailable`               | `-32001` | `Sentrail unreachable; failing closed`           |
 * | `aborted`                   | `-32001` | `Cancelled before it ran`                        |
 * | `failed` with an MCP error  | the upstream's code, message and data, unchanged (not SDK timeouts) |
 * | `failed` otherwise          | `-32000` | `Upstream MCP server error`                      |
 *
 * @example
 * const outcome = await guard.run(call, execute);
 * if (outcome.status !== "executed") throw toJsonRpcError(outcome);
 */
export function toJsonRpcError(outcome: Exclude<GuardOutcome, { status: "executed" }>): JsonRpcError {
  const data: Record<string, unknown> = { status: outcome.status, reason: outcome.reason };
  if (outcome.decision !== null) data.decision = outcome.decision;
  for (const key of ["auditLogId", "correlationId", "approvalRequestId", "matchedPolicyId"] as const) {
    if (outcome[key] !== null) data[key] = outcome[key];
  }
  switch (outcome.status) {
    case "blocked":
    case "kill_switch":
      return new JsonRpcError(BLOCKED_ERROR_CODE, `Blocked by Sentrail policy: ${outcome.reason}`, data);
    case "denied":
      return new JsonRpcError(BLOCKED_ERROR_CODE, "Approval denied", data);
    case "timed_out":
    case "expired":
      return new JsonRpcError(BLOCKED_ERROR_CODE, APPROVAL_TIMED_OUT_MESSAGE, data);
    case "unavailable":
      return new JsonRpcError(BLOCKED_ERROR_CODE, UNREACHABLE_MESSAGE, data);
    case "aborted":
      return new JsonRpcError(BLOCKED_ERROR_CODE, "Cancelled before it ran", data);
    case "failed": {
      const error = outcome.error;
      // The SDK client's own request timeout is also -32001: never let it pass for a Sentrail refusal.
      if (error instanceof McpError && error.code !== ErrorCode.RequestTimeout) {
        // The upstream's own JSON-RPC error, passed on as it was sent (without the SDK's prefix).
        const message = error.message.replace(`MCP error ${error.code}: `, "");
        return new JsonRpcError(error.code, message, error.data as Record<string, unknown> | undefined);
      }
      const detail = redactSecrets(error instanceof Error ? error.message : String(error));
      return new JsonRpcError(-32000, "Upstream MCP server error", { ...data, reason: detail });
    }
  }
}
