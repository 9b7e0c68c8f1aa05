import { AIMessage } from "@langchain/core/messages";

/** Runs remembered at once: far more than run concurrently; the oldest is forgotten beyond this. */
const MAX_TRACKED_RUNS = 10_000;

/** What LangChain hands a callback handler about a starting tool. */
export interface ToolRunStart {
  /** `handleToolStart`'s `tool`: `{ type: "not_implemented", id: [..., className] }` for most tools. */
  tool: { type?: string; id?: string[]; kwargs?: Record<string, unknown> };
  runId: string;
  parentRunId: string | undefined;
  toolCallId: string | undefined;
}

/**
 * What {@link SentrailCallbackHandler} learns from the runs it observes (chain and tool starts), to
 * answer two questions LangChain's `handleToolStart` arguments do not:
 *
 * - **Which tool is this?** `toolName` returns the tool's own `name`, or `undefined` when it cannot be
 *   known. Sources, in order: the serialised tool's constructor `kwargs.name` (serialisable tools
 *   only); the tool call with this tool-call id in the input of the parent run, when that parent
 *   dispatched tool calls (a LangGraph `ToolNode`, `createAgent`'s tools node: they pick the tool whose
 *   `name` equals the call's `name`). Never the class name or the run name: those are a class and a
 *   tracing label, and `withConfig({ runName })` sets the latter to anything.
 * - **Which run is this?** `rootOf` returns the outermost run the handler saw above a run: one graph
 *   or chain invocation. A LangGraph retry of a node stays in it; another `invoke` is another root.
 *
 * Memory is bounded: a run is forgotten when it ends, and the oldest beyond 10,000 are dropped.
 *
 * @example
 * ```ts
 * const tracker = createToolRunTracker();
 * tracker.start(graphRunId, undefined, null);
 * tracker.start(toolsNodeRunId, graphRunId, { messages: [aiMessageWithToolCalls] });
 * tracker.toolName({ tool, runId, parentRunId: toolsNodeRunId, toolCallId: "call_1" }); // => "delete_repo"
 * tracker.rootOf(toolsNodeRunId); // => graphRunId
 * ```
 */
export function createToolRunTracker() {
  const runs = new Map<string, { root: string; toolCalls: Map<string, string> | null }>();
  const rootOf = (runId: string): string => runs.get(runId)?.root ?? runId;
  return {
    /** Records a run that started, with the tool calls its input dispatches (if any). */
    start(runId: string, parentRunId: string | undefined, inputs: unknown): void {
      runs.set(runId, {
        root: parentRunId === undefined ? runId : rootOf(parentRunId),
        toolCalls: readDispatchedToolCalls(inputs),
      });
      while (runs.size > MAX_TRACKED_RUNS) runs.delete(runs.keys().next().value as string);
    },
    end(runId: string): void {
      runs.delete(runId);
    },
    rootOf,
    toolName(start: ToolRunStart): string | undefined {
      const { tool } = start;
      if (tool.type === "constructor" && typeof tool.kwargs?.name === "string" && tool.kwargs.name !== "") {
        return tool.kwargs.name;
      }
      if (start.parentRunId === undefined || !start.toolCallId) return undefined;
      return runs.get(start.parentRunId)?.toolCalls?.get(start.toolCallId);
    },
  };
}

/**
 * The tool calls a run's input hands to a tools node, by id: `lg_tool_call` (a LangGraph `Send` to one
 * call, `createAgent`'s default) or the tool calls of the last AI message (`{ messages }` or a message
 * array, what a `ToolNode` runs).
 */
function readDispatchedToolCalls(inputs: unknown): Map<string, string> | null {
  if (typeof inputs !== "object" || inputs === null) return null;
  const calls = new Map<string, string>();
  const add = (call: unknown) => {
    const { id, name } = (call ?? {}) as { id?: unknown; name?: unknown };
    if (typeof id === "string" && id !== "" && typeof name === "string" && name !== "") calls.set(id, name);
  };
  add((inputs as { lg_tool_call?: unknown }).lg_tool_call);
  const messages = Array.isArray(inputs) ? inputs : (inputs as { messages?: unknown }).messages;
  if (Array.isArray(messages)) {
    const last = messages.findLast((message) => AIMessage.isInstance(message));
    for (const call of (last as AIMessage | undefined)?.tool_calls ?? []) add(call);
  }
  return calls.size > 0 ? calls : null;
}
