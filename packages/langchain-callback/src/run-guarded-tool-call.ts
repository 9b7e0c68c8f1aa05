import type { Guard, GuardCall, GuardOutcome } from "@sentrail/client";
import { GRAPH_INTERRUPT_MARKER, isGraphInterruptMarker } from "./graph-interrupt-marker";
import { isGraphBubbleUp } from "./is-graph-bubble-up";

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
 *
 * @example
 * ```ts
 * const outcome = await runGuardedToolCall(guard, { toolName, input, toolCallId }, () => handler(request), signal);
 * ```
 */
export async function runGuardedToolCall<TResult>(
  guard: Guard,
  call: GuardCall,
  execute: () => Promise<TResult>,
  signal: AbortSignal | undefined,
): Promise<GuardOutcome<TResult>> {
  let bubbled: { error: unknown } | undefined;
  const outcome = await guard.run(
    call,
    async (): Promise<TResult | typeof GRAPH_INTERRUPT_MARKER> => {
      try {
        return await execute();
      } catch (error) {
        if (!isGraphBubbleUp(error)) throw error;
        bubbled = { error };
        return GRAPH_INTERRUPT_MARKER;
      }
    },
    signal ? { signal } : {},
  );
  if (bubbled) throw bubbled.error;
  if (outcome.status !== "executed" || !isGraphInterruptMarker(outcome.result))
    return outcome as GuardOutcome<TResult>;
  // An earlier run of this exact call was allowed (or approved) and paused by LangGraph: resume it.
  const result = await execute();
  return { ...outcome, result };
}
