import { ToolMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import type { GuardCall, GuardOutcome } from "@sentrail/client";
import { type AgentMiddleware, createMiddleware, ToolInvocationError } from "langchain";
import { createRefusalToolMessage } from "./create-refusal-tool-message";
import type { SentrailApprovalInterrupt } from "./create-sentrail-approval-interrupt";
import { findToolArgumentError, type ToolArgumentSchemaSource } from "./find-tool-argument-error";
import { type GuardSource, resolveGuard } from "./resolve-guard";
import { reviveStoredToolMessage } from "./revive-stored-tool-message";
import { runGuardedToolCall } from "./run-guarded-tool-call";
import {
  type ApprovalInterruptRuntime,
  runToolCallWithApprovalInterrupt,
} from "./run-tool-call-with-approval-interrupt";
import type { SentrailRunMetadata } from "./to-sentrail-run-metadata";
import { toThreadScope } from "./to-thread-scope";
import { type SentrailMessageMetadata, toToolMessageFields } from "./to-tool-message-fields";
import { withRunMetadata } from "./with-run-metadata";

/**
 * Passed to `onOutcome` once per tool call the middleware guarded.
 *
 * @example
 * ```ts
 * createSentrailMiddleware({ client, onOutcome: ({ toolCall, outcome, threadId }) =>
 *   log.info({ toolCallId: toolCall.id, status: outcome.status, correlationId: outcome.correlationId, threadId }) });
 * ```
 */
export interface SentrailToolCallEvent {
  /** The model's tool call (`id` is the join key between LangChain traces and Sentrail audit rows). */
  toolCall: ToolCall;
  outcome: GuardOutcome;
  /** LangGraph's `thread_id`, when the agent runs with a checkpointer. */
  threadId: string | undefined;
}

/**
 * How {@link createSentrailMiddleware} handles a call that needs a reviewer: hold the tool call until
 * the decision (`"wait"`), or pause the graph with a LangGraph interrupt (`"interrupt"`).
 *
 * @example
 * ```ts
 * const approval: SentrailApprovalMode = process.env.SERVERLESS ? "interrupt" : "wait";
 * ```
 */
export type SentrailApprovalMode = "wait" | "interrupt";

/**
 * Options of {@link createSentrailMiddleware}: a guard (or the options to create one) plus these.
 *
 * @example
 * ```ts
 * const options: SentrailMiddlewareOptions = { client, agentId: "triage-agent", name: "Gate" };
 * ```
 */
export type SentrailMiddlewareOptions = GuardSource & {
  /** The middleware's name in the agent graph. Default `"SentrailMiddleware"`. */
  name?: string;
  /**
   * What a `require_approval` does to the run:
   *
   * - `"wait"` (default): the tool call waits for the reviewer (polling, up to the guard's
   *   `approvalTimeoutMs`), then runs once or becomes a refusal.
   * - `"interrupt"`: the graph pauses with a LangGraph `interrupt()` whose value is a
   *   {@link SentrailApprovalInterrupt} (reason, approval id, handle); the process may exit. Resuming the
   *   thread (`new Command({ resume: value })`, or `agent.invoke(null, config)`) looks at the approval
   *   again: approved → the tool runs exactly once, denied/expired/kill switch → a refusal the model
   *   reads, still open → it interrupts again. Needs a checkpointer; to resume in another process, a
   *   guard store that outlives it (`createLangGraphGuardStore`) or the handle in the resume value.
   */
  approval?: SentrailApprovalMode;
  /** Observes every guarded call (audit links, metrics). A hook that throws is reported and ignored. */
  onOutcome?: (event: SentrailToolCallEvent) => void;
};

/**
 * The recommended way to gate tools in a LangChain v1 agent (`createAgent`): a `wrapToolCall`
 * middleware that asks Sentrail before each tool call and runs the tool only when allowed (at once on
 * `allow`, after a reviewer's approval on `require_approval`).
 *
 * A call that does not run becomes a `ToolMessage` with `status: "error"` whose content tells the
 * model it did not run, whether retrying is safe and why (blocked, denied, expired, timed out, kill
 * switch, Sentrail unavailable). Parallel tool calls of one model turn are decided one by one. Each
 * call runs at most once per tool-call id and arguments (the guard's store): a graph that re-runs a
 * tools node after an interrupt gets the recorded result instead of a second execution, and a tool
 * that calls `interrupt()` itself pauses and resumes normally (decided once). Fails closed:
 * with Sentrail unreachable the tool does not run unless the guard's `failMode` is `"open"`.
 *
 * Every `ToolMessage` it returns carries `response_metadata.sentrail` (status, decision, audit log,
 * correlation and approval ids), and the tool's own run (callbacks, LangSmith) starts with
 * `sentrail_*` metadata keys (correlation, audit log and approval ids, decision, policy). Pass the
 * guard a `tracer` and its spans nest under the OpenTelemetry span active around `agent.invoke`.
 *
 * With `approval: "interrupt"`, a call that needs a reviewer pauses the graph (LangGraph `interrupt()`,
 * value {@link SentrailApprovalInterrupt}) instead of holding the tool call; resuming the thread applies
 * the reviewer's decision. See the README, "Approvals as LangGraph interrupts".
 *
 * @example
 * ```ts
 * import { createSentrailClient } from "@sentrail/client";
 * import { createAgent } from "langchain";
 * import { createSentrailMiddleware } from "@sentrail/langchain-callback";
 *
 * const agent = createAgent({
 *   model,
 *   tools: [searchIssues, deleteRepository],
 *   middleware: [
 *     createSentrailMiddleware({
 *       client: createSentrailClient({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" }),
 *       agentId: "triage-agent",
 *     }),
 *   ],
 * });
 * ```
 */
export function createSentrailMiddleware(options: SentrailMiddlewareOptions): AgentMiddleware {
  const guard = resolveGuard(options);
  const { onOutcome } = options;
  const approval = options.approval ?? "wait";
  if (approval !== "wait" && approval !== "interrupt") {
    throw new TypeError('Sentrail: `approval` must be "wait" or "interrupt"');
  }
  return createMiddleware({
    name: options.name ?? "SentrailMiddleware",
    wrapToolCall: async (request, handler) => {
      const { toolCall } = request;
      // Arguments that do not fit the schema cannot run: no evaluation, no audit row, no reviewer asked.
      // LangChain's own validation error goes back to the model (ToolNode makes it a ToolMessage).
      if (request.tool) {
        const invalid = await findToolArgumentError(request.tool as ToolArgumentSchemaSource, toolCall);
        if (invalid) throw invalid;
      }
      // The policy name is the tool's own `name` (ToolNode picked the tool by it).
      const ownName = (request.tool as { name?: unknown } | undefined)?.name;
      const toolName = typeof ownName === "string" && ownName !== "" ? ownName : toolCall.name;
      const call: GuardCall = { toolName, input: toolCall.args };
      if (toolCall.id) call.toolCallId = toolCall.id;
      const threadId = request.runtime.configurable?.thread_id;
      const scope = toThreadScope(threadId);
      if (scope !== undefined) call.scope = scope;
      // The tool's run starts inside `handler`, after the decision: it carries Sentrail's ids as metadata.
      const execute = async (metadata?: SentrailRunMetadata) =>
        handler(request.tool ? { ...request, tool: withRunMetadata(request.tool, metadata) } : request);
      const outcome =
        approval === "interrupt"
          ? await runToolCallWithApprovalInterrupt(
              guard,
              call,
              toolCall,
              execute,
              request.runtime as ApprovalInterruptRuntime,
            )
          : await runGuardedToolCall(guard, call, execute, { signal: request.runtime.signal });
      if (onOutcome) {
        report(onOutcome, {
          toolCall,
          outcome,
          threadId: typeof threadId === "string" ? threadId : undefined,
        });
      }
      const fields = toToolMessageFields(outcome);
      if (fields.executed) return toExecutedResult(fields.result, toolCall, fields.metadata);
      // A schema error is LangChain's to report: the tool never started, and the model should see the
      // validation message to correct its arguments (ToolNode turns this error into a ToolMessage).
      if (outcome.status === "failed" && ToolInvocationError.isInstance(outcome.error)) throw outcome.error;
      return createRefusalToolMessage(fields, toolCall);
    },
  });
}

/**
 * The tool's own `ToolMessage` (or `Command`) with the Sentrail ids added, in both approval modes. A
 * result read back from a persistent guard store may be a serialised `ToolMessage` (revived), plain JSON
 * or text (wrapped in a `ToolMessage` for this call).
 */
function toExecutedResult(
  stored: unknown,
  toolCall: ToolCall,
  metadata: SentrailMessageMetadata,
): ToolMessage | Command {
  // A call settled by another process (or an earlier run) comes back from the guard store; a JSON store
  // (Redis) keeps a ToolMessage in LangChain's serialised form, which the model must not read as content.
  const result = reviveStoredToolMessage(stored);
  if (ToolMessage.isInstance(result)) {
    result.response_metadata = { ...result.response_metadata, sentrail: metadata };
    return result;
  }
  if (isCommand(result)) return result;
  return new ToolMessage({
    content: typeof result === "string" ? result : JSON.stringify(result),
    tool_call_id: toolCall.id ?? "",
    name: toolCall.name,
    response_metadata: { sentrail: metadata },
  });
}

/** LangGraph's `Command`, recognised by its brand so that `@langchain/langgraph` needs no import here. */
type Command = Exclude<
  Awaited<ReturnType<Parameters<NonNullable<AgentMiddleware["wrapToolCall"]>>[1]>>,
  ToolMessage
>;

function isCommand(value: unknown): value is Command {
  return (
    typeof value === "object" && value !== null && (value as { lg_name?: unknown }).lg_name === "Command"
  );
}

function report(hook: (event: SentrailToolCallEvent) => void, event: SentrailToolCallEvent): void {
  try {
    hook(event);
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    console.warn(`[sentrail] the middleware's onOutcome hook threw (${name}); the call continues.`);
  }
}
