/**
 * True for LangGraph's control-flow errors (`GraphInterrupt` from `interrupt()`, `NodeInterrupt`,
 * `ParentCommand`): a paused or redirected graph, not a failed tool. Recognised the way LangGraph
 * itself does (its `is_bubble_up` flag, and the interrupt names), so that `@langchain/langgraph` needs
 * no import here.
 *
 * @example
 * ```ts
 * try { await handler(request); } catch (error) { if (isGraphBubbleUp(error)) throw error; }
 * ```
 */
export function isGraphBubbleUp(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, is_bubble_up } = error as { name?: unknown; is_bubble_up?: unknown };
  return is_bubble_up === true || name === "GraphInterrupt" || name === "NodeInterrupt";
}
