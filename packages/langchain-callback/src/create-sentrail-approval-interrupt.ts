import type { ToolCall } from "@langchain/core/messages/tool";
import type { GuardApprovalHandle } from "@sentrail/client";

/**
 * The value of the LangGraph interrupt that `createSentrailMiddleware({ approval: "interrupt" })`
 * raises while a tool call waits for a Sentrail reviewer: plain JSON, found in the invoke result's
 * `__interrupt__[i].value` (and in `agent.getState(config).tasks[j].interrupts`).
 *
 * Resume with `new Command({ resume: value })` (this value, or only its `handle`) after the reviewer
 * decided: then even a process whose guard store lost the call takes over the same approval instead
 * of asking Sentrail again. Any other resume value (or `agent.invoke(null, config)`) works while the
 * guard store still holds the call.
 *
 * @example
 * ```ts
 * const paused = await agent.invoke(input, config);
 * const value = paused.__interrupt__?.find((i) => isSentrailApprovalInterrupt(i.value))?.value;
 * notify(`Approve ${value.toolName}: ${value.reason} (${value.approvalRequestId})`);
 * ```
 */
export interface SentrailApprovalInterrupt {
  type: "sentrail_approval";
  /** The tool's own `name` (the policy name). */
  toolName: string;
  /** The model's tool-call id; `null` when the model gave none. */
  toolCallId: string | null;
  /** The arguments the approval covers (the model's `args`). */
  args: unknown;
  /** Sentrail's reason for asking, e.g. `Policy 'Approve refunds' matched`. */
  reason: string;
  /** The approval request the reviewer decides (Sentrail's dashboard, `decideApproval`). */
  approvalRequestId: string;
  /** The status-poll key and approval link. */
  correlationId: string;
  /** The audit row of the evaluation that asked for approval. */
  auditLogId: string;
  /** Takes the call over in any process: `guard.resume(handle, args, execute)` (`@sentrail/client`). */
  handle: GuardApprovalHandle;
}

/**
 * Builds the {@link SentrailApprovalInterrupt} for a call that still waits, from the guard's handle.
 *
 * @example
 * ```ts
 * if (outcome.status === "timed_out" && outcome.resume) interrupt(createSentrailApprovalInterrupt(outcome.resume, toolCall));
 * ```
 */
export function createSentrailApprovalInterrupt(
  handle: GuardApprovalHandle,
  toolCall: ToolCall,
): SentrailApprovalInterrupt {
  const { evaluation } = handle;
  return {
    type: "sentrail_approval",
    toolName: handle.toolName,
    toolCallId: toolCall.id ?? null,
    args: toolCall.args,
    reason: evaluation.reason,
    approvalRequestId: evaluation.approvalRequestId,
    correlationId: evaluation.correlationId,
    auditLogId: evaluation.auditLogId,
    handle,
  };
}
