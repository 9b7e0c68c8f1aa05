/**
 * What the guard records as the result of a tool run that LangGraph paused (`interrupt()` inside the
 * tool): "allowed, started, paused; LangGraph runs it again on resume". Plain JSON, so a persistent
 * guard store keeps it. `skippedResumes` (approval-interrupt mode): how many of the task's resume
 * values belonged to Sentrail's approval interrupts before the tool first started.
 */
export interface GraphInterruptMarker {
  sentrailInterrupted: true;
  skippedResumes?: number;
}

/** {@link GraphInterruptMarker} without skipped resumes. */
export const GRAPH_INTERRUPT_MARKER: GraphInterruptMarker = { sentrailInterrupted: true };

/**
 * True when a recorded result is {@link GRAPH_INTERRUPT_MARKER} (also after a JSON round trip).
 *
 * @example
 * ```ts
 * if (outcome.status === "executed" && isGraphInterruptMarker(outcome.result)) return resume();
 * ```
 */
export function isGraphInterruptMarker(result: unknown): boolean {
  return (
    typeof result === "object" &&
    result !== null &&
    (result as { sentrailInterrupted?: unknown }).sentrailInterrupted === true
  );
}
