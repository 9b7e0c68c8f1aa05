import type {
  Guard,
  GuardApprovalHandle,
  GuardCall,
  GuardExecuteContext,
  GuardOutcome,
  GuardRunOptions,
} from "@sentrail/client";
import {
  GRAPH_INTERRUPT_MARKER,
  type GraphInterruptMarker,
  isGraphInterruptMarker,
} from "./graph-interrupt-marker";
import { isGraphBubbleUp } from "./is-graph-bubble-up";
import { type SentrailRunMetadata, toSentrailRunMetadata } from "./to-sentrail-run-metadata";

/**
 * Options of {@link runGuardedToolCall}.
 *
 * @example
 * ```ts
 * const options: GuardedToolCallOptions = { signal, approvalTimeoutMs: 0 };
 * ```
 */
export interface GuardedToolCallOptions {
  /** The run's abort signal (LangGraph's `runtime.signal`, a tool's `config.signal`). */
  signal?: AbortSignal | undefined;
  /** Overrides the guard's approval wait for this call; `0` looks at the approval once (interrupt mode). */
  approvalTimeoutMs?: number;
  /** Take over this open approval (`guard.resume`) instead of starting the call (`guard.run`). */
  handle?: GuardApprovalHandle | undefined;
  /**
   * Called right before the tool starts, with the number of resume values to skip when this call was
   * paused by its own `interrupt()` before (`undefined` on its first start): returns how many it skipped.
   * The approval-interrupt mode uses it so that the tool's own `interrupt()` never receives the value a
   * person gave to resume Sentrail's approval interrupt.
   */
  beforeExecute?: (recordedSkips: number | undefined) => number;
}

/**
 * Runs one LangChain tool call through the guard, and keeps LangGraph's interrupts working:
 *
 * - A tool that calls `interrupt()` throws LangGraph's `GraphInterrupt` to pause the graph. That is not
 *   a tool failure: the error is rethrown to LangGraph, and the guard records that the call was
 *   allowed and paused (not that it failed, which would refuse the resumed run).
 * - When the graph resumes, LangGraph runs the tool again from its start. The guard recognises the
 *   call (same tool-call id and arguments) and does not ask Sentrail again: the decision, or the
 *   reviewer's approval, covers exactly this call. The tool runs and its result is returned.
 *
 * Every other outcome is the guard's: allowed or approved calls run once, refused calls do not run.
 * With a `handle`, the call is taken over from its open approval (`guard.resume`): no new evaluation.
 *
 * `execute` receives the Sentrail ids of the decision that let it start (`undefined` when none arrived:
 * failing open, shadow mode), for the tool's LangChain run metadata.
 *
 * @example
 * ```ts
 * const outcome = await runGuardedToolCall(guard, { toolName, input, toolCallId }, () => handler(request), { signal });
 * ```
 */
export async function runGuardedToolCall<TResult>(
  guard: Guard,
  call: GuardCall,
  execute: (metadata: SentrailRunMetadata | undefined) => Promise<TResult>,
  options: GuardedToolCallOptions = {},
): Promise<GuardOutcome<TResult>> {
  const { beforeExecute, handle } = options;
  let bubbled: { error: unknown } | undefined;
  const guarded = async ({ evaluation }: GuardExecuteContext): Promise<TResult | GraphInterruptMarker> => {
    const skipped = beforeExecute ? beforeExecute(undefined) : 0;
    try {
      return await execute(toSentrailRunMetadata(evaluation));
    } catch (error) {
      if (!isGraphBubbleUp(error)) throw error;
      bubbled = { error };
      return skipped > 0 ? { ...GRAPH_INTERRUPT_MARKER, skippedResumes: skipped } : GRAPH_INTERRUPT_MARKER;
    }
  };
  const runOptions: GuardRunOptions = {};
  if (options.signal) runOptions.signal = options.signal;
  if (options.approvalTimeoutMs !== undefined) runOptions.approvalTimeoutMs = options.approvalTimeoutMs;
  const outcome = handle
    ? await guard.resume(handle, call.input, guarded, runOptions)
    : await guard.run(call, guarded, runOptions);
  if (bubbled) throw bubbled.error;
  if (outcome.status !== "executed" || !isGraphInterruptMarker(outcome.result))
    return outcome as GuardOutcome<TResult>;
  // An earlier run of this exact call was allowed (or approved) and paused by LangGraph: resume it.
  beforeExecute?.(readSkippedResumes(outcome.result));
  const result = await execute(toSentrailRunMetadata(outcome));
  return { ...outcome, result };
}

function readSkippedResumes(marker: unknown): number {
  const skipped = (marker as { skippedResumes?: unknown }).skippedResumes;
  return typeof skipped === "number" && Number.isInteger(skipped) && skipped > 0 ? skipped : 0;
}
