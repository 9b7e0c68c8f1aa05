/**
 * What the guard records as the result of a tool run that LangGraph paused (`interrupt()` inside the
 * tool): "allowed, started, paused; LangGraph runs it again on resume". Plain JSON, so a persistent
 * guard store keeps it.
 */
export const GRAPH_INTERRUPT_MARKER = { sentrailInterrupted: true } as const;

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
