import { type GuardOutcome, type GuardToolResult, toGuardToolResult } from "@sentrail/client";

/**
 * The Sentrail ids a LangChain message carries in `response_metadata.sentrail`, to join traces and audit rows.
 *
 * @example
 * ```ts
 * const ids = toolMessage.response_metadata.sentrail as SentrailMessageMetadata;
 * auditLink(ids.correlationId);
 * ```
 */
export interface SentrailMessageMetadata {
  /** The guard's outcome status (`executed`, `blocked`, `denied`, …). */
  status: GuardOutcome["status"];
  /** Sentrail's decision in the wire's words; `null` when none arrived. */
  decision: GuardOutcome["decision"];
  auditLogId: string | null;
  correlationId: string | null;
  approvalRequestId: string | null;
}

/**
 * How a guarded LangChain tool call is reported, in LangChain's vocabulary:
 *
 * - `executed: true`: hand back the tool's own result (a `ToolMessage`, a `Command`, or the value).
 * - `executed: false`: the tool did not run (or may have partly run); `content` is what the model
 *   reads (JSON: `executed`, `status`, `sideEffect`, `retrySafe`, `reason`, `message`, ids), `status`
 *   is the `ToolMessage` status, `artifact` the same object for code.
 *
 * @example
 * ```ts
 * const fields: ToolMessageFields = toToolMessageFields(outcome);
 * if (!fields.executed) console.log(fields.artifact.status, fields.artifact.retrySafe);
 * ```
 */
export type ToolMessageFields<TResult = unknown> =
  | { executed: true; result: TResult; metadata: SentrailMessageMetadata }
  | {
      executed: false;
      content: string;
      status: "error";
      artifact: Extract<GuardToolResult, { executed: false }>;
      metadata: SentrailMessageMetadata;
    };

/**
 * The one place where a guard outcome becomes LangChain's vocabulary. The middleware turns the
 * `executed: false` branch into a `ToolMessage` with `status: "error"`, the tool wrapper returns it as
 * the tool's output, and the callback handler throws instead (a callback cannot replace a result).
 * Every outcome except `executed` is "not executed": `failed` (the tool threw, side effect unknown)
 * included, so the model is told not to assume the effect happened and not to blindly retry.
 *
 * @example
 * ```ts
 * const fields = toToolMessageFields(outcome);
 * if (fields.executed) return fields.result;
 * return new ToolMessage({ content: fields.content, status: fields.status, tool_call_id: id });
 * // content: {"executed":false,"status":"blocked","sideEffect":"not_started","retrySafe":false,…}
 * ```
 */
export function toToolMessageFields<TResult>(outcome: GuardOutcome<TResult>): ToolMessageFields<TResult> {
  const metadata: SentrailMessageMetadata = {
    status: outcome.status,
    decision: outcome.decision,
    auditLogId: outcome.auditLogId,
    correlationId: outcome.correlationId,
    approvalRequestId: outcome.approvalRequestId,
  };
  const forModel = toGuardToolResult(outcome);
  if (forModel.executed) return { executed: true, result: forModel.result, metadata };
  return {
    executed: false,
    content: JSON.stringify(forModel),
    status: "error",
    artifact: forModel,
    metadata,
  };
}
