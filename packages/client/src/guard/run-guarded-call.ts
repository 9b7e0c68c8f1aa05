import type { RequestOptions } from "../create-sentrail-transport";
import type { EvaluateActionInput } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import { createGuardOutcome, type GuardOutcomeContext, type GuardSettlement } from "./create-guard-outcome";
import type { KillSwitchBroadcast } from "./create-kill-switch-broadcast";
import type { GuardCall } from "./guard-call";
import type { GuardDecisionEvent, GuardPendingEvent } from "./guard-events";
import type { GuardFailMode, GuardOutcome, GuardRanAlthough } from "./guard-outcome";
import type { GuardRecord, GuardStore } from "./guard-store";
import { recordGuardOutcome } from "./record-guard-outcome";
import { type GuardEvaluationMapping, toGuardEvaluationInput } from "./to-guard-evaluation-input";
import { type GuardPollingOptions, waitForGuardedApproval } from "./wait-for-guarded-approval";

/** What `execute` receives. */
export interface GuardExecuteContext {
  /** Aborts when every caller waiting on this call has aborted. Pass it to the tool's I/O. */
  signal: AbortSignal;
  callKey: string;
  /**
   * Sentrail's answer (`allow`, or `require_approval` once approved); `null` when failing open and in
   * shadow mode (the tool starts before the answer arrives).
   */
  evaluation: EvaluateActionResult | null;
}

/** Asks Sentrail for a decision; `client.evaluateAction` by default. Adapters for gateway-proxy or mcp-gate pass their own. */
export type GuardEvaluate = (
  input: EvaluateActionInput,
  options: RequestOptions,
) => Promise<EvaluateActionResult>;

/** Everything one guarded call needs, resolved from the guard's, the tool's and the run's options. */
export interface GuardedCallPlan<TResult> {
  call: GuardCall;
  callKey: string;
  /** False without a tool-call id: nothing is read from or written to the store. */
  keyed: boolean;
  failMode: GuardFailMode;
  approvalTimeoutMs: number;
  evaluationMapping: GuardEvaluationMapping | undefined;
  evaluate: GuardEvaluate;
  execute: (context: GuardExecuteContext) => TResult | PromiseLike<TResult>;
  /** Aborts when every caller has aborted. */
  signal: AbortSignal;
  /** Shared with the caller registry, which builds outcomes for callers that leave early. */
  context: GuardOutcomeContext;
  /** Called right before `execute` starts; callers can no longer leave with "not started". */
  onExecuting(): void;
}

/** The guard-wide parts: the client, the store, the hooks, the clock. */
export interface GuardRuntime {
  client: Parameters<typeof waitForGuardedApproval>[0]["client"];
  store: GuardStore;
  broadcast: KillSwitchBroadcast;
  agentId: string | undefined;
  evaluateTimeoutMs: number | undefined;
  polling: GuardPollingOptions;
  onDecision(event: GuardDecisionEvent): void;
  onPending(event: GuardPendingEvent): void;
}

/** The outcome, and whether it came from the store (then it is neither stored again nor reported). */
export interface GuardedCallResult<TResult> {
  outcome: GuardOutcome<TResult>;
  fromStore: boolean;
}

/**
 * The decision state machine, once per call key: read the call's record → evaluate (or resume an
 * approval wait) → run, refuse or wait → record the outcome. `execute` runs at most once per run, and
 * never when the record says the call already ran or began to run.
 *
 * Rejects only when the store rejects while recording the outcome; every other failure is an outcome.
 *
 * @example
 * ```ts
 * const { outcome } = await runGuardedCall(runtime, plan);
 * ```
 */
export async function runGuardedCall<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
): Promise<GuardedCallResult<TResult>> {
  const { context } = plan;
  let record: GuardRecord | undefined;
  try {
    record = plan.keyed ? await runtime.store.get(plan.callKey) : undefined;
  } catch (error) {
    return { outcome: createGuardOutcome(context, { status: "unavailable", error }), fromStore: false };
  }
  if (record?.state === "settled")
    return { outcome: record.outcome as GuardOutcome<TResult>, fromStore: true };

  let settlement: GuardSettlement<TResult>;
  let awaiting: GuardRecord | undefined;
  if (record?.state === "executing") {
    // A run of this call started `execute` and never recorded how it ended (crash, another process).
    context.evaluation = record.evaluation;
    settlement = {
      status: "failed",
      via: "guard",
      ranAlthough: null,
      error: null,
      reason: "An earlier run of this call started the tool and did not record how it ended",
    };
  } else if (record?.state === "awaiting_approval") {
    context.evaluation = record.evaluation;
    awaiting = record;
    settlement = await waitThenRun(runtime, plan, record);
  } else if (context.mode === "shadow") {
    settlement = await runInShadow(runtime, plan);
  } else {
    const decided = await decide(runtime, plan);
    awaiting = decided.awaiting;
    settlement = decided.settlement;
  }

  const outcome = createGuardOutcome(context, settlement);
  if (plan.keyed) await recordGuardOutcome(runtime.store, plan.callKey, outcome, settlement, awaiting);
  return { outcome, fromStore: false };
}

async function decide<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
): Promise<{ settlement: GuardSettlement<TResult>; awaiting?: GuardRecord }> {
  const { context, signal } = plan;
  const asked = await evaluate(runtime, plan);
  if (signal.aborted && asked.evaluation === null) {
    return { settlement: { status: "aborted", executeStarted: false, error: signal.reason } };
  }
  const report = (enforcement: GuardDecisionEvent["enforcement"]) =>
    runtime.onDecision({
      toolName: plan.call.toolName,
      callKey: plan.callKey,
      mode: context.mode,
      failMode: plan.failMode,
      input: asked.input,
      evaluation: asked.evaluation,
      error: asked.error,
      enforcement,
    });

  const evaluation = asked.evaluation;
  if (evaluation === null) {
    report(plan.failMode === "open" ? "run" : "refuse");
    if (plan.failMode === "closed") return { settlement: { status: "unavailable", error: asked.error } };
    return { settlement: await execute(runtime, plan, "unavailable", asked.error) };
  }
  context.evaluation = evaluation;
  switch (evaluation.decision) {
    case "allow":
      report("run");
      return { settlement: await execute(runtime, plan, null) };
    case "block":
      report("refuse");
      return { settlement: { status: "blocked" } };
    case "require_approval": {
      report("wait");
      const awaiting: GuardRecord = {
        state: "awaiting_approval",
        toolName: plan.call.toolName,
        tool: asked.input.tool,
        evaluation,
      };
      if (plan.keyed) {
        try {
          await runtime.store.set(plan.callKey, awaiting);
        } catch (error) {
          return { settlement: { status: "unavailable", error } };
        }
      }
      return { settlement: await waitThenRun(runtime, plan, awaiting), awaiting };
    }
  }
}

async function waitThenRun<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
  awaiting: Extract<GuardRecord, { state: "awaiting_approval" }>,
): Promise<GuardSettlement<TResult>> {
  const { evaluation } = awaiting;
  if (evaluation.decision !== "require_approval") return { status: "unavailable", error: null };
  const pending = (update: GuardPendingEvent["update"]) =>
    runtime.onPending({
      toolName: plan.call.toolName,
      callKey: plan.callKey,
      approvalRequestId: evaluation.approvalRequestId,
      correlationId: evaluation.correlationId,
      auditLogId: evaluation.auditLogId,
      reason: evaluation.reason,
      matchedPolicyId: evaluation.matchedPolicyId,
      update,
    });
  pending(null);
  const verdict = await waitForGuardedApproval({
    client: runtime.client,
    broadcast: runtime.broadcast,
    tool: awaiting.tool,
    correlationId: evaluation.correlationId,
    replay: plan.context.replay,
    signal: plan.signal,
    timeoutMs: plan.approvalTimeoutMs,
    polling: runtime.polling,
    onPending: pending,
  });
  plan.context.wait = verdict.wait;
  if (verdict.kind === "settled") return verdict.settlement as GuardSettlement<TResult>;
  return execute(runtime, plan, null);
}

/** Shadow mode: the tool starts at once; the evaluation runs beside it and is only reported. */
async function runInShadow<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
): Promise<GuardSettlement<TResult>> {
  const evaluation = evaluate(runtime, plan).then((asked) => {
    plan.context.evaluation = asked.evaluation;
    runtime.onDecision({
      toolName: plan.call.toolName,
      callKey: plan.callKey,
      mode: "shadow",
      failMode: plan.failMode,
      input: asked.input,
      evaluation: asked.evaluation,
      error: asked.error,
      enforcement: "run",
    });
    return asked;
  });
  const ran = await execute(runtime, plan, null);
  const asked = await evaluation;
  const decision = asked.evaluation?.decision;
  const ranAlthough: GuardRanAlthough | null =
    decision === undefined ? "unavailable" : decision === "allow" ? null : decision;
  if (ran.status === "executed" || ran.status === "failed") {
    return { ...ran, ranAlthough, error: ran.status === "failed" ? ran.error : asked.error };
  }
  return ran;
}

interface Asked {
  input: EvaluateActionInput;
  evaluation: EvaluateActionResult | null;
  error: unknown;
}

async function evaluate(runtime: GuardRuntime, plan: GuardedCallPlan<unknown>): Promise<Asked> {
  let input: EvaluateActionInput = { tool: "internal_api", action: plan.call.toolName, riskLevel: "medium" };
  try {
    input = toGuardEvaluationInput(plan.call, plan.evaluationMapping, runtime.agentId);
    const requestOptions: RequestOptions = { signal: plan.signal };
    if (runtime.evaluateTimeoutMs !== undefined) requestOptions.timeoutMs = runtime.evaluateTimeoutMs;
    return { input, evaluation: await plan.evaluate(input, requestOptions), error: null };
  } catch (error) {
    return { input, evaluation: null, error };
  }
}

/** Runs the tool once: records `executing` first, so no later run can start it again. */
async function execute<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
  ranAlthough: GuardRanAlthough | null,
  evaluationError: unknown = null,
): Promise<GuardSettlement<TResult>> {
  const { signal, context } = plan;
  if (signal.aborted) return { status: "aborted", executeStarted: false, error: signal.reason };
  plan.onExecuting();
  if (plan.keyed) {
    try {
      await runtime.store.set(plan.callKey, {
        state: "executing",
        toolName: plan.call.toolName,
        evaluation: context.evaluation,
      });
    } catch (error) {
      return { status: "unavailable", error };
    }
    if (signal.aborted) return { status: "aborted", executeStarted: false, error: signal.reason };
  }
  try {
    const result = await plan.execute({ signal, callKey: plan.callKey, evaluation: context.evaluation });
    return { status: "executed", result, via: "guard", ranAlthough, error: evaluationError };
  } catch (error) {
    if (signal.aborted) return { status: "aborted", executeStarted: true, error };
    return { status: "failed", via: "guard", ranAlthough, error };
  }
}
