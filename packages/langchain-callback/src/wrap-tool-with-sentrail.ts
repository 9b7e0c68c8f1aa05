import type { CallbackManagerForToolRun } from "@langchain/core/callbacks/manager";
import type { ToolCall } from "@langchain/core/messages/tool";
import type { RunnableConfig } from "@langchain/core/runnables";
import { DynamicStructuredTool, type StructuredToolInterface } from "@langchain/core/tools";
import { type GuardCall, SentrailGuardError } from "@sentrail/client";
import { createRefusalToolMessage } from "./create-refusal-tool-message";
import { type GuardSource, resolveGuard } from "./resolve-guard";
import { runGuardedToolCall } from "./run-guarded-tool-call";
import { toToolMessageFields } from "./to-tool-message-fields";

/**
 * What a wrapped tool does when the call may not run: `"result"` (default) returns the refusal as the
 * tool's output (an error `ToolMessage` when invoked with a tool call, else the JSON refusal string),
 * so a model reads it; `"throw"` throws `SentrailGuardError` (with the full outcome) for code paths
 * that branch on exceptions.
 *
 * @example
 * ```ts
 * const behavior: NotExecutedBehavior = "throw";
 * wrapToolWithSentrail(deleteRepo, { guard, onNotExecuted: behavior });
 * ```
 */
export type NotExecutedBehavior = "result" | "throw";

/**
 * Options of {@link wrapToolWithSentrail}: a guard (or the options to create one) plus these.
 *
 * @example
 * ```ts
 * const options: WrapToolWithSentrailOptions = { guard, onNotExecuted: "result" };
 * ```
 */
export type WrapToolWithSentrailOptions = GuardSource & {
  /** Default `"result"`. */
  onNotExecuted?: NotExecutedBehavior;
};

/**
 * Wraps one LangChain tool (`tool()`, `StructuredTool`, `DynamicStructuredTool`) so that every
 * invocation asks Sentrail first, for code paths without an agent: your own loop, a chain, a
 * LangGraph `ToolNode`. Same name, description and schema; the original runs inside at most once per
 * tool-call id and arguments, only when allowed or approved. Fails closed by default.
 *
 * Do not also gate the same tool with {@link createSentrailMiddleware} on the same guard: one gate
 * per tool (the middleware for agents, this for everything else).
 *
 * @example
 * ```ts
 * const guardedDelete = wrapToolWithSentrail(deleteBranch, { guard });
 * const message = await guardedDelete.invoke({ name: "delete_branch", args: { branch: "main" }, id: "call_7", type: "tool_call" });
 * // blocked => ToolMessage { status: "error", content: '{"executed":false,"status":"blocked",…}' }
 * ```
 */
export function wrapToolWithSentrail<SchemaT>(
  tool: StructuredToolInterface<SchemaT>,
  options: WrapToolWithSentrailOptions,
): DynamicStructuredTool<SchemaT> {
  const guard = resolveGuard(options);
  const onNotExecuted = options.onNotExecuted ?? "result";
  const func = async (input: unknown, runManager?: CallbackManagerForToolRun, config?: RunnableConfig) => {
    const toolCall = (config as { toolCall?: ToolCall } | undefined)?.toolCall;
    const call: GuardCall = { toolName: tool.name, input };
    if (toolCall?.id) call.toolCallId = toolCall.id;
    const outcome = await runGuardedToolCall(
      guard,
      call,
      // The original gets the model's tool call back (so it formats its own ToolMessage) and runs as a
      // child of this run in traces.
      () =>
        tool.invoke((toolCall ?? input) as Parameters<typeof tool.invoke>[0], {
          ...config,
          callbacks: runManager?.getChild(),
        }),
      config?.signal,
    );
    const fields = toToolMessageFields(outcome);
    if (fields.executed) return fields.result;
    if (onNotExecuted === "throw" && outcome.status !== "executed") throw new SentrailGuardError(outcome);
    return toolCall ? createRefusalToolMessage(fields, toolCall) : fields.content;
  };
  return new DynamicStructuredTool({
    name: tool.name,
    description: tool.description,
    schema: tool.schema,
    func,
  } as ConstructorParameters<typeof DynamicStructuredTool<SchemaT>>[0]);
}
