import {
  createGuard,
  createMemoryGuardStore,
  type Guard,
  type GuardEvaluate,
  type GuardOptions,
  type GuardStore,
  type GuardToolOptions,
  type SentrailClient,
  type ToolName,
} from "@sentrail/client";
import {
  createKillSwitchTracker,
  type KillSwitchTracker,
  type SentrailKillSwitchView,
} from "./create-kill-switch-tracker";
import { createNativeApprovals, type SentrailApprovalInfo } from "./create-native-approvals";
import type { SentrailApprovalStatus, SentrailNotExecutedMode } from "./to-ai-sdk-tool-answer";
import { type AiSdkToolLike, wrapSentrailTool } from "./wrap-sentrail-tool";

/** `wait` (default): a call that needs approval waits in `execute` (server-side, through the guard). `native`: it becomes the AI SDK's own tool-approval request. */
export type SentrailApprovalMode = "wait" | "native";

/** Per-tool settings: the guard's (`evaluation`, `mode`, `failMode`, `replay`, `approvalTimeoutMs`) plus the adapter's. */
export interface SentrailToolOptions extends GuardToolOptions {
  /** Overrides the gate's `approval` for this tool. */
  approval?: SentrailApprovalMode;
  /** Overrides the gate's `notExecuted` for this tool. */
  notExecuted?: SentrailNotExecutedMode;
}

/** Options of {@link createSentrailGate} (and of `withSentrail`). Only `client` is required. */
export interface SentrailGateOptions
  extends Pick<
    GuardOptions,
    | "agentId"
    | "mode"
    | "failMode"
    | "replay"
    | "approvalTimeoutMs"
    | "evaluateTimeoutMs"
    | "evaluate"
    | "store"
    | "polling"
    | "onDecision"
    | "onPending"
    | "onSettled"
    | "tracer"
  > {
  /** The agent client (`createSentrailClient`). `getApprovalStatus` is used to refresh the kill-switch view. */
  client: Pick<SentrailClient, "evaluateAction" | "waitForApproval"> &
    Partial<Pick<SentrailClient, "getApprovalStatus">>;
  /** Settings per AI SDK tool name. */
  tools?: Record<string, SentrailToolOptions>;
  /** Default `wait`. */
  approval?: SentrailApprovalMode;
  /** Default `result`: the model reads why a call did not run. `throw`: `execute` throws a `SentrailGuardError`. */
  notExecuted?: SentrailNotExecutedMode;
  /** How long a kill-switch observation hides tools (tool-filter middleware). Default 30 000 ms. */
  killSwitchTtlMs?: number;
  /** Clock of the kill-switch view, for tests. Default `Date.now`. */
  now?: () => number;
}

/** The AI SDK's generic tool-approval callback (v7 `toolApproval`), typed structurally so it fits v6 and v7 types. */
export type SentrailToolApproval = (options: {
  toolCall: { toolName: string; toolCallId: string; input: unknown };
  tools?: unknown;
  messages?: unknown;
}) => Promise<SentrailApprovalStatus>;

/** A gate: one guard, its kill-switch view, and the AI SDK seams built on them. Create it once per process. */
export interface SentrailGate {
  /** The guard every gated call runs through. */
  readonly guard: Guard;
  /** Returns the same tool set with each `execute` gated; tools without `execute` are returned untouched. */
  tools<TOOLS extends Record<string, object>>(tools: TOOLS): TOOLS;
  /**
   * For AI SDK 7's `toolApproval` option: turns a Sentrail `require_approval` into the SDK's own approval
   * request with Sentrail's reason and approval id. For tools that are not gated, or not in native
   * mode, it answers what the tool's own `needsApproval` says.
   */
  readonly toolApproval: SentrailToolApproval;
  /** The Sentrail approval behind a native approval request, by tool-call id (kept for the last 1000). */
  approvalFor(toolCallId: string): SentrailApprovalInfo | undefined;
  /** What the gate currently believes about the kill switch (refreshing it when stale). */
  killSwitch(): Promise<SentrailKillSwitchView>;
  /** The Sentrail tool a gated AI SDK tool is evaluated as (`internal_api` unless mapped), or `undefined` when not gated. */
  sentrailToolOf(toolName: string): ToolName | undefined;
}

/** How one gated tool asks the gate. Internal to the package. */
export interface SentrailGateRuntime {
  guard: Guard;
  /** Native approval check: evaluates once per call and keeps the decision; later checks answer from it. */
  decideApproval(
    toolName: string,
    input: unknown,
    toolCallId: string,
  ): Promise<{ needsApproval: boolean; status: SentrailApprovalStatus }>;
  /** The decision `decideApproval` made for exactly this call, as the guard's `evaluate` for `execute`. */
  evaluateFor(
    toolName: string,
    input: unknown,
    toolCallId: string | undefined,
  ): Promise<GuardEvaluate | undefined>;
  /** Records a gated tool; `approve` is its native-approval answer (with Sentrail's reason) for `toolApproval`. */
  register(
    toolName: string,
    tool: object,
    approve?: (input: unknown, toolCallId: string, messages: unknown) => Promise<SentrailApprovalStatus>,
  ): void;
}

/** Default guard stores per client, so per-request `withSentrail(tools, { client })` calls share call records. */
const storesByClient = new WeakMap<object, GuardStore>();

/**
 * Creates a Sentrail gate for AI SDK tools: one guard (`createGuard` from `@sentrail/client`, the
 * decision state machine) plus the AI SDK seams: `gate.tools(tools)` gates each `execute`,
 * `gate.toolApproval` (AI SDK 7) and `needsApproval` (AI SDK 6 and 7) surface native approvals, and
 * `createSentrailToolFilterMiddleware({ gate })` hides tools while the kill switch is on.
 *
 * Create it once per process (module scope): native approvals are answered in a later request, and
 * the guard's store (in memory by default, shared per client) is how that request finds the Sentrail
 * approval it belongs to. Pass `store` to keep records across processes.
 *
 * How it fails: like the guard, closed by default; a call Sentrail cannot decide does not run and the
 * model reads an `unavailable` result. Throws a `TypeError` at once without a usable client.
 *
 * @example
 * ```ts
 * import { createSentrailClient } from "@sentrail/client";
 * import { createSentrailGate } from "@sentrail/ai-sdk-middleware";
 *
 * export const gate = createSentrailGate({
 *   client: createSentrailClient({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" }),
 *   agentId: "support-bot",
 *   approval: "native",
 *   tools: { refund_order: { evaluation: { riskLevel: "high", resourceType: "order" } } },
 * });
 * const result = streamText({ model, tools: gate.tools({ refund_order, lookup_order }), toolApproval: gate.toolApproval });
 * ```
 */
export function createSentrailGate(options: SentrailGateOptions): SentrailGate {
  const { client } = options;
  if (typeof client?.evaluateAction !== "function" || typeof client.waitForApproval !== "function") {
    throw new TypeError("createSentrailGate needs a client with evaluateAction and waitForApproval");
  }
  let store = options.store;
  if (!store) {
    store = storesByClient.get(client) ?? createMemoryGuardStore();
    storesByClient.set(client, store);
  }
  const tracker: KillSwitchTracker = createKillSwitchTracker({
    client: typeof client.getApprovalStatus === "function" ? (client as SentrailClient) : undefined,
    ttlMs: options.killSwitchTtlMs,
    now: options.now,
  });
  const sentrailTools = new Map<string, ToolName>();
  const gatedTools = new Map<string, object>();
  /** The native-approval answer of each gated tool in native mode. */
  const nativeApprovals = new WeakMap<
    object,
    (input: unknown, toolCallId: string, messages: unknown) => Promise<SentrailApprovalStatus>
  >();
  const evaluate: GuardEvaluate =
    options.evaluate ?? ((input, requestOptions) => client.evaluateAction(input, requestOptions));
  const native = createNativeApprovals({
    evaluate,
    store,
    agentId: options.agentId,
    tools: options.tools,
    evaluateTimeoutMs: options.evaluateTimeoutMs,
    onEvaluated(toolName, request, evaluation) {
      sentrailTools.set(toolName, request.tool);
      tracker.observeEvaluation(request.tool, evaluation);
    },
  });

  const guard = createGuard({
    client,
    agentId: options.agentId,
    tools: options.tools,
    mode: options.mode,
    failMode: options.failMode,
    replay: options.replay,
    approvalTimeoutMs: options.approvalTimeoutMs,
    evaluateTimeoutMs: options.evaluateTimeoutMs,
    evaluate,
    store,
    polling: options.polling,
    tracer: options.tracer,
    onDecision(event) {
      sentrailTools.set(event.toolName, event.input.tool);
      // A native decision handed to `execute` was observed when it was made; seen again now, it is old news.
      if (event.evaluation && !native.isDecided(event.evaluation)) {
        tracker.observeEvaluation(event.input.tool, event.evaluation);
      }
      options.onDecision?.(event);
    },
    onPending(event) {
      if (event.update) tracker.observePoll(event.update.killSwitch, event.correlationId);
      options.onPending?.(event);
    },
    onSettled(outcome) {
      if (outcome.wait?.killSwitch) tracker.observePoll(outcome.wait.killSwitch, null);
      options.onSettled?.(outcome);
    },
  });

  const runtime: SentrailGateRuntime = {
    guard,
    decideApproval: native.decide,
    evaluateFor: native.evaluateFor,
    register(toolName, tool, approve) {
      gatedTools.set(toolName, tool);
      if (approve) nativeApprovals.set(tool, approve);
      if (!sentrailTools.has(toolName))
        sentrailTools.set(toolName, staticSentrailTool(options.tools?.[toolName]));
    },
  };

  const gate: SentrailGate = {
    guard,
    tools(tools) {
      const gated: Record<string, object> = {};
      for (const [name, tool] of Object.entries(tools)) {
        const toolOptions =
          options.tools && Object.hasOwn(options.tools, name) ? options.tools[name] : undefined;
        gated[name] = wrapSentrailTool(runtime, name, tool as AiSdkToolLike, {
          approval: toolOptions?.approval ?? options.approval ?? "wait",
          notExecuted: toolOptions?.notExecuted ?? options.notExecuted ?? "result",
          shadow: (toolOptions?.mode ?? options.mode) === "shadow",
        });
      }
      return gated as typeof tools;
    },
    async toolApproval({ toolCall, tools, messages }) {
      const gatedTool = gatedTools.get(toolCall.toolName);
      const native = gatedTool ? nativeApprovals.get(gatedTool) : undefined;
      if (native) return native(toolCall.input, toolCall.toolCallId, messages);
      // A generic `toolApproval` replaces every tool's own `needsApproval` in AI SDK 7: keep answering it.
      const tool = (ownProperty(tools, toolCall.toolName) ?? gatedTool) as AiSdkToolLike | undefined;
      const needsApproval = tool?.needsApproval;
      if (needsApproval === undefined) return undefined;
      const needed =
        typeof needsApproval === "function"
          ? await needsApproval(toolCall.input, { toolCallId: toolCall.toolCallId, messages: messages ?? [] })
          : needsApproval;
      return needed ? { type: "user-approval" } : undefined;
    },
    approvalFor: native.approvalFor,
    killSwitch: () => tracker.view(),
    sentrailToolOf: (toolName) => (gatedTools.has(toolName) ? sentrailTools.get(toolName) : undefined),
  };
  return gate;
}

function ownProperty(record: unknown, key: string): unknown {
  return typeof record === "object" && record !== null && Object.hasOwn(record, key)
    ? (record as Record<string, unknown>)[key]
    : undefined;
}

function staticSentrailTool(toolOptions: SentrailToolOptions | undefined): ToolName {
  const mapping = toolOptions?.evaluation;
  return (typeof mapping === "object" && mapping?.tool) || "internal_api";
}
