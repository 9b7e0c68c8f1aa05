import type { ToolName } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardReplay } from "./guard-outcome";

/**
 * Everything another process needs to take over a call that is waiting for a reviewer: plain JSON, so
 * it can go into a queue, a database row or a LangGraph interrupt. `guard.resume(handle, input,
 * execute)` waits for the decision and applies it, exactly once across every guard sharing the store.
 * The approval covers exactly the arguments it was asked for: `argumentsDigest` binds them, and a resume
 * with other arguments is refused.
 *
 * @example
 * ```ts
 * const outcome = await guard.run(call, execute, { approvalTimeoutMs: 0 });
 * if (outcome.resume) await queue.push(JSON.stringify(outcome.resume)); // resume later, anywhere
 * ```
 */
export interface GuardApprovalHandle {
  type: "sentrail.guard.approval";
  version: 1;
  /** The host's tool name. */
  toolName: string;
  /** The guard's call key (scope, tool-call id, arguments digest). */
  callKey: string;
  /** SHA-256 of the canonical tool name and arguments the approval was asked for. */
  argumentsDigest: string;
  /** The evaluate-action tool, whose pause ends the wait. */
  tool: ToolName;
  /** Who performs the approved call: the resuming process (`self`) or Sentrail (`sentrail`). */
  replay: GuardReplay;
  /** Sentrail's answer that asked for approval (approval request, correlation and audit ids, reason). */
  evaluation: Extract<EvaluateActionResult, { decision: "require_approval" }>;
}

/**
 * Whether `value` is a {@link GuardApprovalHandle} this version of the guard can resume (for handles
 * read back from JSON).
 *
 * @example
 * ```ts
 * const handle: unknown = JSON.parse(row.handle);
 * if (isGuardApprovalHandle(handle)) await guard.resume(handle, row.input, execute);
 * ```
 */
export function isGuardApprovalHandle(value: unknown): value is GuardApprovalHandle {
  if (typeof value !== "object" || value === null) return false;
  const handle = value as Partial<GuardApprovalHandle>;
  const evaluation = handle.evaluation as Partial<GuardApprovalHandle["evaluation"]> | undefined;
  return (
    handle.type === "sentrail.guard.approval" &&
    handle.version === 1 &&
    typeof handle.toolName === "string" &&
    handle.toolName !== "" &&
    typeof handle.callKey === "string" &&
    handle.callKey !== "" &&
    typeof handle.argumentsDigest === "string" &&
    /^[0-9a-f]{64}$/.test(handle.argumentsDigest) &&
    typeof handle.tool === "string" &&
    (handle.replay === "self" || handle.replay === "sentrail") &&
    typeof evaluation === "object" &&
    evaluation !== null &&
    evaluation.decision === "require_approval" &&
    typeof evaluation.approvalRequestId === "string" &&
    typeof evaluation.correlationId === "string" &&
    typeof evaluation.auditLogId === "string"
  );
}
