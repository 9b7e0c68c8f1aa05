import type { CallbackManagerForToolRun } from "@langchain/core/callbacks/manager";
import type { ToolCall } from "@langchain/core/messages/tool";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  DynamicStructuredTool,
  type ResponseFormat,
  type StructuredToolInterface,
  type ToolRunnableConfig,
} from "@langchain/core/tools";
import { type GuardCall, SentrailGuardError } from "@sentrail/client";
import { createRefusalToolMessage } from "./create-refusal-tool-message";
import { type GuardSource, resolveGuard } from "./resolve-guard";
import { runGuardedToolCall } from "./run-guarded-tool-call";
import { toThreadScope } from "./to-thread-scope";
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
 * LangGraph `ToolNode`. Keeps everything the tool declares (name, description, schema, `returnDirect`,
 * `responseFormat`, `verboseParsingErrors`, tags, metadata, extras, default config); the original runs
 * inside at most once per tool-call id and arguments (per LangGraph thread, when there is one), only
 * when allowed or approved. Fails closed by default.
 *
 * Behind {@link createSentrailMiddleware} (or under {@link SentrailCallbackHandler}) the same call is
 * decided once: the outer gate evaluates, and this one passes it through when it runs inside the outer
 * gate's execution (the guard recognises the same tool, arguments and tool-call id).
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
  const declared = tool as StructuredToolInterface<SchemaT> & DeclaredToolFields;
  // With "content_and_artifact", LangChain expects a [content, artifact] pair from `func`; a ToolMessage
  // as the content is handed back as is, so every answer below keeps its own form.
  const pairs = declared.responseFormat === "content_and_artifact";
  const func = async (input: unknown, runManager?: CallbackManagerForToolRun, config?: RunnableConfig) => {
    const toolCall = (config as { toolCall?: ToolCall } | undefined)?.toolCall;
    // The model's own arguments and id (as the middleware and the callback handler see them), so that a
    // gate around this one (same guard or another) recognises the same call and lets it through.
    const call: GuardCall = { toolName: tool.name, input: toolCall ? toolCall.args : input };
    if (toolCall?.id) call.toolCallId = toolCall.id;
    const scope = toThreadScope(config?.configurable?.thread_id ?? config?.metadata?.thread_id);
    if (scope !== undefined) call.scope = scope;
    const outcome = await runGuardedToolCall(
      guard,
      call,
      // The original gets the model's tool call back (so it formats its own ToolMessage) and runs as a
      // child of this run in traces; the wrapper's own run started before Sentrail was asked.
      (metadata) =>
        tool.invoke((toolCall ?? input) as Parameters<typeof tool.invoke>[0], {
          ...config,
          // The original's run starts after the decision: it carries Sentrail's ids as metadata.
          metadata: metadata ? { ...metadata, ...config?.metadata } : config?.metadata,
          callbacks: runManager?.getChild(),
        }),
      { signal: config?.signal },
    );
    const fields = toToolMessageFields(outcome);
    let answer: unknown;
    if (fields.executed) answer = fields.result;
    else if (onNotExecuted === "throw" && outcome.status !== "executed")
      throw new SentrailGuardError(outcome);
    else answer = toolCall ? createRefusalToolMessage(fields, toolCall) : fields.content;
    return pairs ? [answer, undefined] : answer;
  };
  const wrapped = new DynamicStructuredTool({
    name: tool.name,
    description: tool.description,
    schema: tool.schema,
    func,
    returnDirect: declared.returnDirect,
    responseFormat: declared.responseFormat,
    verboseParsingErrors: declared.verboseParsingErrors,
    tags: declared.tags,
    metadata: declared.metadata,
    extras: declared.extras,
    defaultConfig: declared.defaultConfig,
    verbose: declared.verbose,
  } as ConstructorParameters<typeof DynamicStructuredTool<SchemaT>>[0]);
  return wrapped;
}

/** What a LangChain tool may declare beyond name, description and schema (all kept by the wrapper). */
interface DeclaredToolFields {
  returnDirect?: boolean;
  responseFormat?: ResponseFormat;
  verboseParsingErrors?: boolean;
  tags?: string[];
  metadata?: Record<string, unknown>;
  extras?: Record<string, unknown>;
  defaultConfig?: ToolRunnableConfig;
  verbose?: boolean;
}
