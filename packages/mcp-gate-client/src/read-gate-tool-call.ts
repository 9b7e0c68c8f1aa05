import {
  type EvaluateActionResult,
  MCP_BLOCKED_ERROR_CODE,
  readMcpGateOutcome,
  SentrailError,
  SentrailUnavailableError,
} from "@sentrail/client";

/**
 * What mcp-gate said to one `tools/call`, in the guard's terms: the decision (an
 * `EvaluateActionResult`, so the guard's state machine can act on it) and, when the gate forwarded the
 * call, what the upstream answered.
 *
 * @example
 * ```ts
 * const reading: GateToolCallReading = readGateToolCall({ result });
 * if (reading.evaluation.decision === "allow" && "result" in reading) return reading.result;
 * ```
 */
export type GateToolCallReading<TResult = unknown> =
  | { evaluation: EvaluateActionResult & { decision: "allow" }; result: TResult }
  | { evaluation: EvaluateActionResult & { decision: "allow" }; upstreamError: Error }
  | { evaluation: EvaluateActionResult & { decision: "block" } }
  | { evaluation: EvaluateActionResult & { decision: "require_approval" }; notice: TResult };

/**
 * Reads the settled `client.callTool(...)` of a call sent through mcp-gate (contract §4.4):
 *
 * - a result whose `_meta.sentrail.status` is `require_approval` → `require_approval` with the ids (the
 *   gate stored the call and replays it after approval);
 * - any other result → `allow` with the upstream's result (the gate forwarded it; the gate's answer
 *   carries no ids, so `auditLogId` and `correlationId` are empty);
 * - a JSON-RPC error `-32001` carrying Sentrail's `data.reason` → `block` with reason and ids;
 * - any other JSON-RPC error from the server → `allow` with `upstreamError` (forwarded, and the upstream
 *   or the gate's call to it failed: the side effect is unknown).
 *
 * Throws for failures that are not answers, so the guard treats them as "Sentrail unavailable":
 * `SentrailError`s from the transport as they are (401, 424, 5xx, network), the SDK's request timeout
 * as `SentrailUnavailableError` `kind: "timeout"` (the SDK reuses code -32001 for it, without a reason),
 * anything else as `kind: "unreadable"`.
 *
 * @example
 * ```ts
 * const reading = readGateToolCall(await client.callTool(params).then((result) => ({ result }), (error) => ({ error })));
 * ```
 */
export function readGateToolCall<TResult>(
  answer: { result: TResult } | { error: unknown },
): GateToolCallReading<TResult> {
  if ("result" in answer) {
    const outcome = readMcpGateOutcome<TResult>({ jsonrpc: "2.0", id: null, result: answer.result });
    if (outcome.kind === "pending_approval") {
      return {
        evaluation: {
          decision: "require_approval",
          reason: outcome.reason,
          matchedPolicyId: null,
          auditLogId: outcome.auditLogId,
          correlationId: outcome.correlationId,
          approvalRequestId: outcome.approvalRequestId,
        },
        notice: answer.result,
      };
    }
    return { evaluation: forwarded(), result: answer.result };
  }

  const { error } = answer;
  if (SentrailError.isInstance(error)) throw error;
  if (!isJsonRpcError(error)) {
    throw new SentrailUnavailableError("unreadable", "Unreadable mcp-gate answer to tools/call", {
      cause: error,
    });
  }
  const data = asRecord(error.data);
  if (error.code === MCP_BLOCKED_ERROR_CODE) {
    if (typeof data.reason !== "string" && data.decision !== "block") {
      // The SDK's own request timeout uses the same code, with `{ timeout }` and no reason.
      throw new SentrailUnavailableError("timeout", "mcp-gate did not answer tools/call in time", {
        cause: error,
      });
    }
    const outcome = readMcpGateOutcome({
      jsonrpc: "2.0",
      id: null,
      error: { code: error.code, message: stripSdkPrefix(error), data: error.data },
    });
    if (outcome.kind === "blocked") {
      return {
        evaluation: {
          decision: "block",
          reason: outcome.reason,
          matchedPolicyId: null,
          auditLogId: outcome.auditLogId ?? "",
          correlationId: outcome.correlationId ?? "",
        },
      };
    }
  }
  return { evaluation: forwarded(), upstreamError: error };
}

function forwarded(): EvaluateActionResult & { decision: "allow" } {
  return { decision: "allow", reason: "", matchedPolicyId: null, auditLogId: "", correlationId: "" };
}

interface JsonRpcErrorLike extends Error {
  code: number;
  data?: unknown;
}

/** The MCP SDK's `McpError` (a server's JSON-RPC error, or the SDK's own timeout), recognised by shape. */
function isJsonRpcError(error: unknown): error is JsonRpcErrorLike {
  return (
    error instanceof Error &&
    error.name === "McpError" &&
    typeof (error as JsonRpcErrorLike).code === "number"
  );
}

/** `McpError` prefixes `MCP error <code>: ` to the server's message. */
function stripSdkPrefix(error: JsonRpcErrorLike): string {
  const prefix = `MCP error ${error.code}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
