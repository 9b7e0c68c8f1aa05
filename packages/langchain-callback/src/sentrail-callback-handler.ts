import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import {
  type Guard,
  type GuardCall,
  type GuardExecuteContext,
  type GuardOutcome,
  SentrailGuardError,
} from "@sentrail/client";
import { createToolRunTracker } from "./create-tool-run-tracker";
import { GRAPH_INTERRUPT_MARKER, isGraphInterruptMarker } from "./graph-interrupt-marker";
import { isGraphBubbleUp } from "./is-graph-bubble-up";
import { type GuardSource, resolveGuard } from "./resolve-guard";
import { SentrailDuplicateCallError } from "./sentrail-duplicate-call-error";
import { SentrailToolNameError } from "./sentrail-tool-name-error";
import { toThreadScope } from "./to-thread-scope";

/** Links kept for {@link SentrailCallbackHandler.getRunLink} by default: enough for a long session, bounded. */
const DEFAULT_MAX_RUN_LINKS = 1000;

/**
 * How one LangChain tool run maps to Sentrail: join traces (run id) and audit rows (correlation id).
 *
 * @example
 * ```ts
 * const link = handler.getRunLink(runId);
 * // { runId, toolCallId: "call_1", toolName: "delete_repo", status: "blocked", decision: "block",
 * //   auditLogId: "7c9e…", correlationId: "a1b2…", approvalRequestId: null }
 * ```
 */
export interface SentrailRunLink {
  /** LangChain's run id of the tool run (`handleToolStart`'s `runId`). */
  runId: string;
  /** The model's tool-call id, when the tool was invoked with a tool call. */
  toolCallId: string | null;
  toolName: string;
  /** `started` while the tool runs, then the guard's outcome status. */
  status: "started" | GuardOutcome["status"];
  decision: GuardOutcome["decision"];
  auditLogId: string | null;
  correlationId: string | null;
  approvalRequestId: string | null;
}

/**
 * Options of {@link SentrailCallbackHandler}: a guard (or the options to create one) plus these.
 *
 * @example
 * ```ts
 * new SentrailCallbackHandler({ client, mode: "shadow", onRunLink: (link) => traces.tag(link.runId, link) });
 * ```
 */
export type SentrailCallbackHandlerOptions = GuardSource & {
  /** Called when a tool run starts (`status: "started"`) and when it settles. A hook that throws is ignored. */
  onRunLink?: (link: SentrailRunLink) => void;
  /** Run links kept for `getRunLink`; the oldest is dropped beyond this. Default 1000. */
  maxRunLinks?: number;
};

/** A tool run whose `execute` started; `recorded` settles once the guard recorded the outcome and the link. */
interface RunningTool {
  resolve(output: unknown): void;
  reject(error: unknown): void;
  recorded: Promise<unknown>;
}

/** State shared by a handler and its copies (LangChain copies handlers with `new constructor(handler)`). */
interface HandlerState {
  guard: Guard;
  /** Tool runs whose `execute` started: settled by `handleToolEnd` / `handleToolError`. */
  running: Map<string, RunningTool>;
  links: Map<string, SentrailRunLink>;
  maxRunLinks: number;
  onRunLink: ((link: SentrailRunLink) => void) | undefined;
  /** Chain and tool runs seen: where each tool call was dispatched from, and each run's root. */
  runs: ReturnType<typeof createToolRunTracker>;
}

/**
 * A LangChain callback handler that gates every tool it sees through Sentrail, for graphs and agents
 * where you can only attach callbacks (a LangGraph `StateGraph` with a `ToolNode`, `createAgent`
 * without the middleware). Prefer {@link createSentrailMiddleware} in `createAgent`: a middleware can
 * hand the model a readable refusal, a callback can only throw.
 *
 * The policy name is the tool's own `name`. LangChain never passes it to `handleToolStart` (only the
 * tool's class and a tracing run name), so the handler reads it from the tool call that the tools
 * node above the tool dispatched (it observes `handleChainStart`). Where it cannot (a bare
 * `tool.invoke`, a tool inside another tool), it throws `SentrailToolNameError` and the tool does not
 * run: use `wrapToolWithSentrail` there. Call keys are scoped by LangGraph `thread_id`, or without
 * one by the root run (one `invoke`), so the same tool-call id in two conversations is two calls.
 *
 * How it enforces: in `handleToolStart` it asks Sentrail (and waits for a reviewer when required)
 * before LangChain starts the tool. It is constructed with `raiseError: true` and
 * `awaitHandlers: true` and locks both (and `ignoreAgent: false`): LangChain 1.x awaits the handler
 * and rethrows its error from `tool.invoke` before the tool body runs. A call that may not run throws
 * `SentrailGuardError` (blocked, denied, expired, timed out, kill switch, unavailable); a repeat of a
 * call that already ran throws `SentrailDuplicateCallError`. Inside a LangGraph `ToolNode` the error
 * becomes an error `ToolMessage`; elsewhere it reaches your code. Fails closed unless the guard's
 * `failMode` is `"open"`; with the guard's `mode: "shadow"` it only observes (the tool starts at once
 * and the evaluation is recorded beside it: an audit trail without enforcement).
 *
 * It records each run id with Sentrail's correlation, audit and approval ids (`getRunLink`,
 * `onRunLink`), so LangSmith traces and Sentrail audit rows can be joined.
 *
 * @example
 * ```ts
 * import { createSentrailClient } from "@sentrail/client";
 * import { SentrailCallbackHandler } from "@sentrail/langchain-callback";
 *
 * const handler = new SentrailCallbackHandler({
 *   client: createSentrailClient({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" }),
 *   agentId: "release-bot",
 * });
 * await graph.invoke({ messages }, { callbacks: [handler] }); // a blocked tool never starts
 * ```
 */
export class SentrailCallbackHandler extends BaseCallbackHandler {
  name = "SentrailCallbackHandler";
  readonly #state: HandlerState;

  constructor(options: SentrailCallbackHandlerOptions | SentrailCallbackHandler) {
    // Not the options: BaseCallbackHandler keeps its input as lc_kwargs (serialisable), and the options
    // may hold a client with an API key.
    super({ raiseError: true });
    if (options instanceof SentrailCallbackHandler) {
      this.#state = options.#state;
    } else {
      const maxRunLinks = options.maxRunLinks ?? DEFAULT_MAX_RUN_LINKS;
      if (!Number.isInteger(maxRunLinks) || maxRunLinks < 1) {
        throw new RangeError("maxRunLinks must be a positive integer");
      }
      this.#state = {
        guard: resolveGuard(options),
        running: new Map(),
        links: new Map(),
        maxRunLinks,
        onRunLink: options.onRunLink,
        runs: createToolRunTracker(),
      };
    }
    // Enforcement depends on these three: without raiseError LangChain logs the block and runs the tool;
    // without awaitHandlers the tool starts before the decision; ignoreAgent skips handleToolStart.
    // Locked, so a later assignment throws (strict mode) instead of silently disabling the gate.
    lock(this, "raiseError", true);
    lock(this, "awaitHandlers", true);
    lock(this, "ignoreAgent", false);
  }

  /** The guard this handler runs every tool call through (shared with its copies). */
  get guard(): Guard {
    return this.#state.guard;
  }

  /** The Sentrail ids of a tool run, by LangChain run id; `undefined` for runs not (or no longer) kept. */
  getRunLink(runId: string): SentrailRunLink | undefined {
    return this.#state.links.get(runId);
  }

  override async handleChainStart(
    _chain: Serialized,
    inputs: unknown,
    runId: string,
    parentRunId?: string,
  ): Promise<void> {
    this.#state.runs.start(runId, parentRunId, inputs);
  }

  override async handleChainEnd(_outputs: unknown, runId: string): Promise<void> {
    this.#state.runs.end(runId);
  }

  override async handleChainError(_error: unknown, runId: string): Promise<void> {
    this.#state.runs.end(runId);
  }

  override async handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): Promise<void> {
    const state = this.#state;
    // The policy name is the tool's own `name`; never its class or tracing run name (see the tracker).
    const toolName = state.runs.toolName({ tool, runId, parentRunId, toolCallId });
    if (toolName === undefined) {
      throw new SentrailToolNameError({
        toolClass: tool.id?.at(-1) ?? "unknown",
        runName: runName ?? null,
        toolCallId: toolCallId || null,
      });
    }
    const call: GuardCall = { toolName, input: parseToolInput(input) };
    if (toolCallId) call.toolCallId = toolCallId;
    // Tool-call ids are unique per thread (LangGraph's thread_id) or, without one, per run of the graph
    // or chain that dispatched the call: a node retry stays in that run, another invoke is another run.
    const scope =
      toThreadScope(metadata?.thread_id) ??
      (parentRunId === undefined ? undefined : `run:${state.runs.rootOf(parentRunId)}`);
    if (scope !== undefined) call.scope = scope;

    let markStarted: (context: GuardExecuteContext) => void = () => undefined;
    const started = new Promise<GuardExecuteContext>((resolve) => {
      markStarted = resolve;
    });
    const entry: RunningTool = {
      resolve: () => undefined,
      reject: () => undefined,
      recorded: Promise.resolve(),
    };
    const outcome = state.guard.run(call, (context) => {
      const finished = new Promise<unknown>((resolve, reject) => {
        entry.resolve = resolve;
        entry.reject = reject;
        state.running.set(runId, entry);
      });
      markStarted(context);
      return finished;
    });
    entry.recorded = outcome.then(
      (settled) => this.#link(runId, toolCallId, toolName, settled.status, settled),
      () => state.running.delete(runId),
    );

    const first = await Promise.race([started, outcome.then((settled) => ({ settled }))]);
    if ("settled" in first) {
      // The guard settled without starting this run's tool: refuse, or it ran once already, or an
      // earlier run of this exact call was allowed and paused by LangGraph (resume it: let it run).
      const { settled } = first;
      if (settled.status === "executed" && isGraphInterruptMarker(settled.result)) {
        state.runs.start(runId, parentRunId, null);
        this.#link(runId, toolCallId, toolName, "started", settled);
        return;
      }
      if (settled.status === "executed") throw new SentrailDuplicateCallError(settled);
      throw new SentrailGuardError(settled);
    }
    // Remembered while it runs, so that runs it starts share its root.
    state.runs.start(runId, parentRunId, null);
    const evaluation = first.evaluation;
    this.#link(runId, toolCallId, toolName, "started", {
      decision: evaluation?.decision ?? null,
      auditLogId: evaluation?.auditLogId ?? null,
      correlationId: evaluation?.correlationId ?? null,
      approvalRequestId: evaluation?.decision === "require_approval" ? evaluation.approvalRequestId : null,
    });
  }

  override async handleToolEnd(output: unknown, runId: string): Promise<void> {
    this.#state.runs.end(runId);
    const running = this.#state.running.get(runId);
    this.#state.running.delete(runId);
    running?.resolve(output);
    // Awaited by LangChain: when `invoke` returns, the outcome is recorded and the run link final.
    await running?.recorded;
  }

  override async handleToolError(error: Error, runId: string): Promise<void> {
    this.#state.runs.end(runId);
    const running = this.#state.running.get(runId);
    this.#state.running.delete(runId);
    // `interrupt()` pauses the graph; LangGraph re-runs the tool on resume, which must not be refused.
    if (isGraphBubbleUp(error)) running?.resolve(GRAPH_INTERRUPT_MARKER);
    else running?.reject(error);
    await running?.recorded;
  }

  #link(
    runId: string,
    toolCallId: string | undefined,
    toolName: string,
    status: SentrailRunLink["status"],
    ids: Pick<GuardOutcome, "decision" | "auditLogId" | "correlationId" | "approvalRequestId">,
  ): void {
    const { links, maxRunLinks, onRunLink } = this.#state;
    const link: SentrailRunLink = {
      runId,
      toolCallId: toolCallId || null,
      toolName,
      status,
      decision: ids.decision,
      auditLogId: ids.auditLogId,
      correlationId: ids.correlationId,
      approvalRequestId: ids.approvalRequestId,
    };
    links.delete(runId);
    links.set(runId, link);
    while (links.size > maxRunLinks) links.delete(links.keys().next().value as string);
    if (!onRunLink) return;
    try {
      onRunLink(link);
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      console.warn(`[sentrail] the handler's onRunLink hook threw (${name}); the call continues.`);
    }
  }
}

/** `handleToolStart` gets the input as a string (objects JSON-encoded by LangChain): recover the arguments. */
function parseToolInput(input: string): unknown {
  try {
    const parsed: unknown = JSON.parse(input);
    return typeof parsed === "object" && parsed !== null ? parsed : input;
  } catch {
    return input;
  }
}

function lock(target: object, property: string, value: boolean): void {
  Object.defineProperty(target, property, { value, writable: false, enumerable: true, configurable: false });
}
