import { asRecord, stringOr } from "./as-record";
import type { JsonRpcError, JsonRpcId } from "./sentrail-api-types";

/**
 * JSON-RPC error code of a `tools/call` blocked by Sentrail (policy, kill switch, paused tool, unknown agent).
 *
 * @example
 * ```ts
 * if ("error" in response && response.error.code === MCP_BLOCKED_ERROR_CODE) console.log("blocked");
 * ```
 */
export const MCP_BLOCKED_ERROR_CODE = -32001;

/**
 * A JSON-RPC success answer from mcp-gate. `TResult` is not checked at runtime.
 *
 * @example
 * ```ts
 * const response = (await client.mcpGate.request("ping")) as McpGateSuccessResponse<{}>;
 * ```
 */
export interface McpGateSuccessResponse<TResult = unknown> {
  jsonrpc: "2.0";
  id: JsonRpcId | null;
  result: TResult;
}

/**
 * A JSON-RPC error answer from mcp-gate (Sentrail's own, or the upstream server's passed through).
 *
 * @example
 * ```ts
 * if ("error" in response) console.log((response satisfies McpGateErrorResponse).error.message);
 * ```
 */
export interface McpGateErrorResponse {
  jsonrpc: "2.0";
  id: JsonRpcId | null;
  error: JsonRpcError;
}

/**
 * What `mcpGate.request` resolves to: the JSON-RPC response, unchanged. Narrow with `"error" in response`.
 *
 * @example
 * ```ts
 * const response: McpGateResponse = await client.mcpGate.request("tools/list");
 * ```
 */
export type McpGateResponse<TResult = unknown> = McpGateSuccessResponse<TResult> | McpGateErrorResponse;

/**
 * An mcp-gate answer read in Sentrail's terms, a union on `kind`: `result` (answered or forwarded),
 * `blocked` (`-32001`), `pending_approval` (a result whose `_meta.sentrail.status` is `require_approval`;
 * the tool did not run) or `error` (any other JSON-RPC error).
 *
 * @example
 * ```ts
 * const outcome: McpGateOutcome = readMcpGateOutcome(response);
 * if (outcome.kind === "blocked") console.log(outcome.reason);
 * ```
 */
export type McpGateOutcome<TResult = unknown> =
  | { kind: "result"; result: TResult }
  | {
      kind: "blocked";
      reason: string;
      /** `Blocked by Sentrail policy: <reason>`. */
      message: string;
      auditLogId: string | null;
      correlationId: string | null;
    }
  | {
      kind: "pending_approval";
      reason: string;
      approvalRequestId: string;
      auditLogId: string;
      correlationId: string;
      pollUrl: string;
      /** The notice Sentrail returned to the model (`isError: true`). */
      result: TResult;
    }
  | { kind: "error"; error: JsonRpcError };

const BLOCK_PREFIX = "Blocked by Sentrail policy: ";

/**
 * Reads a mcp-gate JSON-RPC response: was the tool call answered, blocked by Sentrail, queued for a
 * reviewer, or failed? For callers who do not use the MCP SDK; the shapes are those of contract §4.4.
 *
 * @example
 * ```ts
 * import { readMcpGateOutcome } from "@sentrail/client";
 *
 * const response = await client.mcpGate.request("tools/call", { name: "create_issue", arguments: { title: "Bug" } });
 * const outcome = readMcpGateOutcome(response);
 * if (outcome.kind === "pending_approval") await client.waitForApproval(outcome.correlationId, { until: "execution" });
 * ```
 */
export function readMcpGateOutcome<TResult = unknown>(
  response: McpGateResponse<TResult>,
): McpGateOutcome<TResult> {
  if ("error" in response) {
    const { error } = response;
    if (error.code !== MCP_BLOCKED_ERROR_CODE) return { kind: "error", error };
    const data = asRecord(error.data);
    const { message } = error;
    return {
      kind: "blocked",
      reason: stringOr(
        data.reason,
        message.startsWith(BLOCK_PREFIX) ? message.slice(BLOCK_PREFIX.length) : message,
      ),
      message,
      auditLogId: stringOr(data.auditLogId, null),
      correlationId: stringOr(data.correlationId, null),
    };
  }
  const sentrail = asRecord(asRecord(asRecord(response.result)._meta).sentrail);
  const { approvalRequestId, auditLogId, correlationId } = sentrail;
  if (
    sentrail.status === "require_approval" &&
    typeof approvalRequestId === "string" &&
    typeof auditLogId === "string" &&
    typeof correlationId === "string"
  ) {
    return {
      kind: "pending_approval",
      reason: stringOr(sentrail.reason, ""),
      approvalRequestId,
      auditLogId,
      correlationId,
      pollUrl: stringOr(sentrail.pollUrl, `/functions/v1/gateway-proxy/status/${correlationId}`),
      result: response.result,
    };
  }
  return { kind: "result", result: response.result };
}
