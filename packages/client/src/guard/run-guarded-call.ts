import { abortableSleep } from "../abortable-sleep";
import type { KillSwitchBroadcast } from "../create-kill-switch-broadcast";
import type { RequestOptions } from "../create-sentrail-transport";
import { readKillSwitchRefusal } from "../read-kill-switch-refusal";
import type { EvaluateActionInput } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import { createCallDigest } from "./create-call-key";
import { type CallLedger, ClaimLost, createCallLedger } from "./create-call-ledger";
import { createGuardOutcome, type GuardOutcomeContext, type GuardSettlement } from "./create-guard-outcome";
import { runInsideGuardedCall } from "./enclosing-guarded-calls";
import type { GuardApprovalHandle } from "./guard-approval-handle";
import type { GuardCall } from "./guard-call";
import type { GuardDecisionEvent, GuardPendingEvent } from "./guard-events";
import type { GuardFailMode, GuardOutcome, GuardRanAlthough } from "./guard-outcome";
import type { GuardRecord, GuardStore } from "./guard-store";
import { mayFailOpen } from "./may-fail-open";
import { nextGuardRecord } from "./next-guard-record";
import { type GuardEvaluationMapping, toGuardEvaluationInput } from "./to-guard-evaluation-input";
import {
  endGuardSpan,
  evaluationSpanAttributes,
  type GuardSpan,
  type GuardSpanAttributes,
  type GuardTracer,
  inGuardSpan,
  outcomeSpanAttributes,
} from "./trace-guarded-call";
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
  /**
   * `guard.resume`: the open approval to wait on when the store has no record of the call (another
   * process's store, or a record that was evicted). Written with a claim, never over another record.
   */
  seed?: Extract<GuardRecord, { state: "awaiting_approval" }>;
}

/** The guard-wide parts: the client, the store, the hooks, the clock. */
export interface GuardRuntime {
  client: Parameters<typeof waitForGuardedApproval>[0]["client"];
  store: GuardStore;
  broadcast: KillSwitchBroadcast;
  agentId: string | undefined;
  evaluateTimeoutMs: number | undefined;
  /** How long a claim on a call (evaluating, executing) lives without renewal. */
  leaseMs: number;
  polling: GuardPollingOptions;
  /** Emits the `sentrail.*` spans; `undefined` (no spans, no cost) unless the guard was given one. */
  tracer: GuardTracer | undefined;
  onDecision(event: GuardDecisionEvent): void;
  onPending(event: GuardPendingEvent): void;
}

/** The outcome, and whether it came from the store (then it is neither stored again nor reported). */
export interface GuardedCallResult<TResult> {
  outcome: GuardOutcome<TResult>;
  fromStore: boolean;
}

/** Longest pause between two reads of a record that another run (another guard, another process) holds. */
const MAX_STORE_WAIT_MS = 250;

/**
 * The decision state machine, once per call key: read the call's record → evaluate (or resume an
 * approval wait, or wait for the run that holds the call) → run, refuse or wait → record the outcome.
 * Every record change is a compare-and-set on the store ({@link GuardStore.claim}), so across guard
 * instances and processes sharing one store exactly one run moves a call to `executing`: `execute`
 * runs at most once per call key, and never when the record says the call already ran or began to run.
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
  if (!plan.keyed) {
    const ledger = createCallLedger(null, runtime, plan.call.toolName);
    const settlement =
      context.mode === "shadow"
        ? await runInShadow(runtime, plan, ledger)
        : await decide(runtime, plan, ledger);
    return { outcome: createGuardOutcome(context, settlement), fromStore: false };
  }
  for (let reads = 0; ; reads++) {
    let record: GuardRecord | undefined;
    try {
      record = await runtime.store.get(plan.callKey);
    } catch (error) {
      return { outcome: createGuardOutcome(context, { status: "unavailable", error }), fromStore: false };
    }
    try {
      const result = await follow(runtime, plan, record);
      if (result) return result;
    } catch (error) {
      // Another run changed the record between our read and our write: read it again and follow it.
      if (!(error instanceof ClaimLost)) throw error;
    }
    if (record?.state === "evaluating" || record?.state === "executing") {
      // Held by a live run elsewhere: look again shortly (the lease bounds how long a dead one holds it).
      const delay = Math.min(10 * 2 ** Math.min(reads, 5), MAX_STORE_WAIT_MS);
      try {
        await abortableSleep(delay, plan.signal);
      } catch {
        return {
          outcome: createGuardOutcome(context, leftWhileHeldElsewhere(record, plan)),
          fromStore: false,
        };
      }
    }
  }
}

/**
 * One step on the record read: an outcome, or `undefined` to read again (the record is held by a live
 * run elsewhere). Throws {@link ClaimLost} when a write found the record changed.
 */
async function follow<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
  record: GuardRecord | undefined,
): Promise<GuardedCallResult<TResult> | undefined> {
  const { context } = plan;
  const now = Date.now();
  switch (record?.state) {
    case "settled":
      return { outcome: record.outcome as GuardOutcome<TResult>, fromStore: true };
    case "executing": {
      if (record.leaseUntil > now) return undefined;
      // A run started `execute` and stopped renewing its claim without recording how it ended (crash).
      context.evaluation = record.evaluation;
      const ledger = createCallLedger(record.revision, runtime, plan.call.toolName, plan.callKey);
      return finish(plan, ledger, {
        status: "failed",
        via: "guard",
        ranAlthough: null,
        error: null,
        reason: "An earlier run of this call started the tool and did not record how it ended",
      });
    }
    case "awaiting_approval": {
      context.evaluation = record.evaluation;
      context.handle = await toApprovalHandle(plan, record);
      const ledger = createCallLedger(record.revision, runtime, plan.call.toolName, plan.callKey);
      return finish(plan, ledger, await waitThenRun(runtime, plan, record, ledger), record);
    }
    case "evaluating":
    case undefined: {
      if (record !== undefined && record.leaseUntil > now) return undefined;
      if (record === undefined && plan.seed) {
        // Resuming from a handle: put the open approval in place, then follow it like any other run.
        let placed: boolean;
        try {
          placed = await runtime.store.claim(plan.callKey, null, plan.seed);
        } catch (error) {
          return { outcome: createGuardOutcome(context, { status: "unavailable", error }), fromStore: false };
        }
        if (placed) return undefined;
        throw new ClaimLost();
      }
      const ledger = createCallLedger(record?.revision ?? null, runtime, plan.call.toolName, plan.callKey);
      if (record !== undefined && context.replay === "sentrail") {
        // A run sent this call to a forwarding endpoint and died before recording the answer.
        context.evaluationSent = true;
        return finish(plan, ledger, { status: "aborted", executeStarted: false, error: null });
      }
      if (plan.signal.aborted) return abortedBeforeStart(plan);
      try {
        await ledger.holdEvaluating();
      } catch (error) {
        if (error instanceof ClaimLost) throw error;
        return { outcome: createGuardOutcome(context, { status: "unavailable", error }), fromStore: false };
      }
      const settlement =
        context.mode === "shadow"
          ? await runInShadow(runtime, plan, ledger)
          : await decide(runtime, plan, ledger);
      return finish(plan, ledger, settlement, ledger.awaiting);
    }
  }
}

/** Records what a later run finds, and builds the outcome. */
async function finish<TResult>(
  plan: GuardedCallPlan<TResult>,
  ledger: CallLedger,
  settlement: GuardSettlement<TResult>,
  awaiting?: GuardRecord,
): Promise<GuardedCallResult<TResult>> {
  const outcome = createGuardOutcome(plan.context, settlement);
  const next = nextGuardRecord(outcome, settlement, awaiting);
  const ranHere = ledger.executed;
  if (next === "keep") {
    ledger.release();
    return { outcome, fromStore: false };
  }
  const written = await ledger.write(next);
  // Lost the record to another run: if this run started the tool, its outcome is the truth for its
  // callers; otherwise follow the record that the other run wrote.
  if (!written && !ranHere) throw new ClaimLost();
  return { outcome, fromStore: false };
}

function abortedBeforeStart<TResult>(plan: GuardedCallPlan<TResult>): GuardedCallResult<TResult> {
  return {
    outcome: createGuardOutcome(plan.context, {
      status: "aborted",
      executeStarted: false,
      error: plan.signal.reason,
    }),
    fromStore: false,
  };
}

/** Every caller left while another run held the call: say what that run may be doing. */
function leftWhileHeldElsewhere<TResult>(
  record: GuardRecord,
  plan: GuardedCallPlan<TResult>,
): GuardSettlement<TResult> {
  if (record.state === "evaluating" && plan.context.replay === "sentrail") plan.context.evaluationSent = true;
  return { status: "aborted", executeStarted: record.state === "executing", error: plan.signal.reason };
}

async function decide<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
  ledger: CallLedger,
): Promise<GuardSettlement<TResult>> {
  const { context, signal } = plan;
  // Nothing leaves the process once every caller has left.
  if (signal.aborted) return { status: "aborted", executeStarted: false, error: signal.reason };
  let span: GuardSpan | undefined;
  const asked = await inGuardSpan(
    runtime.tracer,
    "sentrail.evaluate",
    callSpanAttributes(plan),
    (started) => {
      span = started;
      return evaluate(runtime, plan);
    },
  );
  // The evaluate span carries the outcome when the answer settles the call (blocked, unavailable).
  const endEvaluate = (settlement?: GuardSettlement<TResult>): void => {
    if (span === undefined) return;
    const attributes = evaluationSpanAttributes(asked.input, asked.evaluation);
    if (settlement) Object.assign(attributes, outcomeSpanAttributes(createGuardOutcome(context, settlement)));
    endGuardSpan(span, attributes, asked.evaluation === null);
  };
  if (asked.evaluation === null && signal.aborted) {
    const settlement: GuardSettlement<TResult> = {
      status: "aborted",
      executeStarted: false,
      error: signal.reason,
    };
    endEvaluate(settlement);
    return settlement;
  }
  const failOpen = plan.failMode === "open" && asked.evaluation === null && mayFailOpen(asked.error);
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
    report(failOpen ? "run" : "refuse");
    if (!failOpen) {
      const settlement: GuardSettlement<TResult> = { status: "unavailable", error: asked.error };
      endEvaluate(settlement);
      return settlement;
    }
    endEvaluate();
    return execute(runtime, plan, ledger, "unavailable", asked.error);
  }
  context.evaluation = evaluation;
  switch (evaluation.decision) {
    case "allow":
      report("run");
      endEvaluate();
      return execute(runtime, plan, ledger, null);
    case "block":
      reportKillSwitch(runtime, asked.input, evaluation);
      report("refuse");
      endEvaluate({ status: "blocked" });
      return { status: "blocked" };
    case "require_approval": {
      report("wait");
      endEvaluate();
      let awaiting: Extract<GuardRecord, { state: "awaiting_approval" }>;
      try {
        awaiting = await ledger.awaitApproval(asked.input.tool, evaluation);
        context.handle = await toApprovalHandle(plan, awaiting);
      } catch (error) {
        if (error instanceof ClaimLost) throw error;
        return { status: "unavailable", error };
      }
      return waitThenRun(runtime, plan, awaiting, ledger);
    }
  }
}

/**
 * An evaluation refused by the kill switch or a paused tool is news for every wait of this guard:
 * they end now instead of at their next poll. (The agent client does the same for its own waits; this
 * covers decisions from a custom `evaluate`, such as mcp-gate's.)
 */
function reportKillSwitch(
  runtime: GuardRuntime,
  input: EvaluateActionInput,
  evaluation: EvaluateActionResult,
): void {
  if (evaluation.decision !== "block" || evaluation.matchedPolicyId) return;
  const state = readKillSwitchRefusal(input.tool, evaluation.reason);
  if (state) runtime.broadcast.report(input.tool, state);
}

async function waitThenRun<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
  awaiting: Extract<GuardRecord, { state: "awaiting_approval" }>,
  ledger: CallLedger,
): Promise<GuardSettlement<TResult>> {
  const { evaluation } = awaiting;
  if (evaluation.decision !== "require_approval") return { status: "unavailable", error: null };
  if (plan.signal.aborted) return { status: "aborted", executeStarted: false, error: plan.signal.reason };
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
  const { tracer } = runtime;
  let waitSpan: GuardSpan | undefined;
  let replaySpan: GuardSpan | undefined;
  const attributes = tracer
    ? {
        ...callSpanAttributes(plan),
        "sentrail.tool": awaiting.tool,
        ...evaluationSpanAttributes(null, evaluation),
      }
    : {};
  const verdict = await inGuardSpan(tracer, "sentrail.approval.wait", attributes, async (started) => {
    waitSpan = started;
    const settledBy = await waitForGuardedApproval({
      client: runtime.client,
      broadcast: runtime.broadcast,
      tool: awaiting.tool,
      correlationId: evaluation.correlationId,
      replay: plan.context.replay,
      signal: plan.signal,
      timeoutMs: plan.approvalTimeoutMs,
      polling: runtime.polling,
      onPending: pending,
      // Sentrail-side execution: from the approval on, the wait is Sentrail running the call.
      onApproved:
        tracer && plan.context.replay === "sentrail"
          ? () => {
              replaySpan ??= tracer.startSpan("sentrail.replay", { attributes });
            }
          : undefined,
    });
    // Sentrail ran the call before a poll saw it approved: the replay span is empty but present.
    if (tracer && settledBy.kind === "settled" && "via" in settledBy.settlement) {
      replaySpan ??= tracer.startSpan("sentrail.replay", { attributes });
    }
    return settledBy;
  });
  plan.context.wait = verdict.wait;
  if (waitSpan !== undefined) {
    const settled =
      verdict.kind === "settled"
        ? outcomeSpanAttributes(createGuardOutcome(plan.context, verdict.settlement))
        : {};
    const failed = verdict.kind === "settled" && verdict.settlement.status === "failed";
    endGuardSpan(replaySpan, settled, failed);
    endGuardSpan(waitSpan, settled, failed && replaySpan === undefined);
  }
  if (verdict.kind === "settled") return verdict.settlement as GuardSettlement<TResult>;
  return execute(runtime, plan, ledger, null);
}

/** Shadow mode: the tool starts at once; the evaluation runs beside it and is only reported. */
async function runInShadow<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
  ledger: CallLedger,
): Promise<GuardSettlement<TResult>> {
  if (plan.signal.aborted) return { status: "aborted", executeStarted: false, error: plan.signal.reason };
  let span: GuardSpan | undefined;
  const evaluated = inGuardSpan(runtime.tracer, "sentrail.evaluate", callSpanAttributes(plan), (started) => {
    span = started;
    return evaluate(runtime, plan);
  });
  const evaluation = evaluated.then((asked) => {
    endGuardSpan(span, evaluationSpanAttributes(asked.input, asked.evaluation), asked.evaluation === null);
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
  const ran = await execute(runtime, plan, ledger, null).catch(async (error: unknown) => {
    await evaluation;
    throw error;
  });
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
    plan.context.evaluationSent = true;
    return { input, evaluation: await plan.evaluate(input, requestOptions), error: null };
  } catch (error) {
    return { input, evaluation: null, error };
  }
}

/**
 * Runs the tool once: claims `executing` first (compare-and-set), so no other run, here or in another
 * process, can start it too; throws {@link ClaimLost} when another run changed the record first.
 */
async function execute<TResult>(
  runtime: GuardRuntime,
  plan: GuardedCallPlan<TResult>,
  ledger: CallLedger,
  ranAlthough: GuardRanAlthough | null,
  evaluationError: unknown = null,
): Promise<GuardSettlement<TResult>> {
  const { signal, context } = plan;
  if (signal.aborted) return { status: "aborted", executeStarted: false, error: signal.reason };
  try {
    await ledger.holdExecuting(context.evaluation);
  } catch (error) {
    if (error instanceof ClaimLost) throw error;
    return { status: "unavailable", error };
  }
  if (signal.aborted) return { status: "aborted", executeStarted: false, error: signal.reason };
  plan.onExecuting();
  ledger.executed = true;
  const authorized = context.mode === "enforce" && ranAlthough === null;
  let digest: Promise<string> | undefined;
  const enclosing = {
    toolName: plan.call.toolName,
    toolCallId: plan.call.toolCallId || undefined,
    digest: () => {
      digest ??= createCallDigest(plan.call);
      return digest;
    },
    authorized,
    mode: context.mode,
    evaluation: context.evaluation,
  };
  const attributes = runtime.tracer
    ? { ...callSpanAttributes(plan), ...evaluationSpanAttributes(null, context.evaluation) }
    : {};
  return inGuardSpan(runtime.tracer, "sentrail.execute", attributes, async (span) => {
    let settlement: GuardSettlement<TResult>;
    try {
      const result = await runInsideGuardedCall(enclosing, () =>
        plan.execute({ signal, callKey: plan.callKey, evaluation: context.evaluation }),
      );
      settlement = { status: "executed", result, via: "guard", ranAlthough, error: evaluationError };
    } catch (error) {
      settlement = signal.aborted
        ? { status: "aborted", executeStarted: true, error }
        : { status: "failed", via: "guard", ranAlthough, error };
    }
    if (span !== undefined) {
      const outcome = createGuardOutcome(context, settlement);
      endGuardSpan(span, outcomeSpanAttributes(outcome), settlement.status !== "executed");
    }
    return settlement;
  });
}

/** The attributes every span of the call starts with: the host's tool name. */
function callSpanAttributes(plan: GuardedCallPlan<unknown>): GuardSpanAttributes {
  return { "sentrail.tool_name": plan.call.toolName };
}

/** The handle another process needs to take over this open approval. */
async function toApprovalHandle(
  plan: GuardedCallPlan<unknown>,
  record: Extract<GuardRecord, { state: "awaiting_approval" }>,
): Promise<GuardApprovalHandle | undefined> {
  const { evaluation } = record;
  if (evaluation.decision !== "require_approval") return undefined;
  return {
    type: "sentrail.guard.approval",
    version: 1,
    toolName: plan.call.toolName,
    callKey: plan.callKey,
    argumentsDigest: await createCallDigest(plan.call),
    tool: record.tool,
    replay: plan.context.replay,
    evaluation,
  };
}
