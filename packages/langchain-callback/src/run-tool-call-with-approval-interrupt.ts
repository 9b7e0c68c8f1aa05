import type { ToolCall } from "@langchain/core/messages/tool";
import type { Guard, GuardCall, GuardOutcome } from "@sentrail/client";
import { createSentrailApprovalInterrupt } from "./create-sentrail-approval-interrupt";
import { findResumedApprovalHandle } from "./find-resumed-approval-handle";
import { readPendingResumeValues } from "./read-pending-resume-values";
import { runGuardedToolCall } from "./run-guarded-tool-call";

/** The part of LangChain's tool-call runtime this mode uses (LangGraph's `interrupt` among them). */
export interface ApprovalInterruptRuntime {
  interrupt?: ((value: unknown) => unknown) | undefined;
  configurable?: Record<string, unknown> | undefined;
  signal?: AbortSignal | undefined;
}

/** A bound on replayed resumes of one wait (each needs a person to resume the thread); past it, something loops. */
const MAX_RESUMES_PER_WAIT = 1000;

/**
 * The middleware's `approval: "interrupt"` mode for one tool call. Instead of holding the tool call
 * while a reviewer decides, it looks at the approval once and, while it is open, pauses the graph with
 * LangGraph's `interrupt()` (value: a `SentrailApprovalInterrupt`). LangGraph re-runs the call from its
 * start when the thread resumes, so every run of this function:
 *
 * 1. takes the call over from the handle a person resumed with (`Command({ resume: value })`), when
 *    there is one for this exact call (`guard.resume`: no new evaluation even if the guard store lost
 *    the call), else runs it through the guard (`guard.run`: the store's open approval, or a first
 *    evaluation), with `approvalTimeoutMs: 0`: one status look, no waiting;
 * 2. returns the decision: approved → the tool runs exactly once (across every guard sharing the
 *    store; a process that finds it already settled returns the recorded result, which the
 *    middleware revives when a JSON store kept a `ToolMessage`); denied, expired, kill switch, … → the outcome, for a refusal the
 *    model reads;
 * 3. still open → calls `interrupt()` until it throws: each call that returns hands back the resume
 *    value of an earlier pause of this same wait (LangGraph replays them by position), the first one
 *    that throws pauses the graph again. No second approval request is made.
 *
 * Before the approved tool starts, the resume values that belonged to these pauses are taken off
 * (their count is kept with the call), so that a tool calling `interrupt()` itself gets its own
 * person's answer, not the value that resumed Sentrail's interrupt.
 *
 * Fails loudly, never open: without LangGraph's `interrupt` in the runtime this throws a `TypeError`
 * before asking Sentrail; without a checkpointer LangGraph's `interrupt()` throws (the tool has not run).
 *
 * @example
 * ```ts
 * const outcome = await runToolCallWithApprovalInterrupt(guard, call, toolCall, () => handler(request), request.runtime);
 * ```
 */
export async function runToolCallWithApprovalInterrupt<TResult>(
  guard: Guard,
  call: GuardCall,
  toolCall: ToolCall,
  execute: () => Promise<TResult>,
  runtime: ApprovalInterruptRuntime,
): Promise<GuardOutcome<TResult>> {
  const { interrupt, configurable } = runtime;
  if (typeof interrupt !== "function") {
    throw new TypeError(
      'Sentrail: approval: "interrupt" needs LangGraph\'s interrupt() in the tool-call runtime (an agent from createAgent, langchain >= 1.0); nothing was evaluated or run',
    );
  }
  const handle = findResumedApprovalHandle(readPendingResumeValues(configurable) ?? [], call);
  const outcome = await runGuardedToolCall(guard, call, execute, {
    signal: runtime.signal,
    approvalTimeoutMs: 0,
    handle,
    beforeExecute: (recordedSkips) => {
      // Only values that are really there are taken: interrupt() without one would throw here.
      const available = readPendingResumeValues(configurable)?.length ?? 0;
      const skips = Math.min(recordedSkips ?? available, available);
      for (let index = 0; index < skips; index++) interrupt(undefined);
      return skips;
    },
  });
  if (outcome.status !== "timed_out" || outcome.resume === null) return outcome;
  const value = createSentrailApprovalInterrupt(outcome.resume, toolCall);
  for (let resumed = 0; resumed < MAX_RESUMES_PER_WAIT; resumed++) interrupt(value);
  throw new Error(
    `Sentrail: the approval interrupt of tool call ${toolCall.id ?? "(no id)"} was resumed ${MAX_RESUMES_PER_WAIT} times without a decision; the tool did not run`,
  );
}
