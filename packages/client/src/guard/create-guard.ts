import { createKillSwitchBroadcast } from "../create-kill-switch-broadcast";
import type { SentrailClient } from "../create-sentrail-client";
import { redactSecrets } from "../redact-secrets";
import { createCallDigest, createCallKey } from "./create-call-key";
import { createGuardOutcome, type GuardOutcomeContext } from "./create-guard-outcome";
import { createMemoryGuardStore } from "./create-memory-guard-store";
import { type EnclosingGuardedCall, enclosingGuardedCalls } from "./enclosing-guarded-calls";
import { type GuardApprovalHandle, isGuardApprovalHandle } from "./guard-approval-handle";
import type { GuardCall } from "./guard-call";
import type { GuardDecisionEvent, GuardPendingEvent } from "./guard-events";
import type { GuardFailMode, GuardMode, GuardOutcome, GuardReplay } from "./guard-outcome";
import type { GuardStore } from "./guard-store";
import {
  type GuardEvaluate,
  type GuardExecuteContext,
  type GuardedCallPlan,
  type GuardRuntime,
  runGuardedCall,
} from "./run-guarded-call";
import type { GuardEvaluationMapping } from "./to-guard-evaluation-input";
import type { GuardTracer } from "./trace-guarded-call";
import type { GuardPollingOptions } from "./wait-for-guarded-approval";

/**
 * Default approval wait: 10 minutes, the same bound as Sentrail's local interceptor (§14). The
 * approval itself lives on (24 h TTL); a retry of the same call resumes waiting on it.
 */
const DEFAULT_APPROVAL_TIMEOUT_MS = 10 * 60 * 1000;

/** Default lease of a run's claim on a call in the store: renewed every 10 s while the run lives. */
const DEFAULT_LEASE_MS = 30_000;

/** Per-tool settings; each overrides the guard-wide option of the same name. */
export interface GuardToolOptions {
  /** The evaluate-action fields for this tool (`tool`, `action`, `riskLevel`, `resourceType`, …), fixed or per call. */
  evaluation?: GuardEvaluationMapping;
  /** `enforce` (default) or `shadow`. */
  mode?: GuardMode;
  /** `closed` (default) or `open`. */
  failMode?: GuardFailMode;
  /** `self` (default) or `sentrail`. */
  replay?: GuardReplay;
  /** How long to wait for a reviewer, in milliseconds. Default 10 minutes. */
  approvalTimeoutMs?: number;
}

/** Options of {@link createGuard}. Only `client` is required. */
export interface GuardOptions {
  /** The agent client (`createSentrailClient`), or anything with its `evaluateAction` and `waitForApproval`. */
  client: Pick<SentrailClient, "evaluateAction" | "waitForApproval">;
  /** Sent as `agentId` in every evaluation unless the call has its own. */
  agentId?: string;
  /** Settings per host tool name. Tools not listed use the guard-wide options and the default mapping. */
  tools?: Record<string, GuardToolOptions>;
  /** Default `enforce`. */
  mode?: GuardMode;
  /** Default `closed`. */
  failMode?: GuardFailMode;
  /** Default `self`. */
  replay?: GuardReplay;
  /** Default 10 minutes. */
  approvalTimeoutMs?: number;
  /** Timeout of the evaluate-action request; default: the client's (10 s). Expiry is an evaluation failure. */
  evaluateTimeoutMs?: number;
  /** Replaces `client.evaluateAction` as the source of decisions. */
  evaluate?: GuardEvaluate;
  /**
   * Where call records live. Default: an in-memory LRU of 1000 calls ({@link createMemoryGuardStore}).
   * Guards (in one process or several) that share a store run each call at most once between them.
   */
  store?: GuardStore;
  /**
   * How long a run's claim on a call (while it evaluates or executes) stays valid in the store without
   * renewal; the run renews it every third of this. A run elsewhere that finds a claim expired treats
   * its owner as gone: an evaluation is asked again, an execution is reported `failed` with an unknown
   * side effect and never run again. Default 30 000 ms.
   */
  leaseMs?: number;
  /** Polling schedule and test seams (`now`, `sleep`, `random`) of the approval wait. */
  polling?: GuardPollingOptions;
  /**
   * An OpenTelemetry tracer (`trace.getTracer("@sentrail/client")` from `@opentelemetry/api`): the guard
   * emits `sentrail.evaluate`, `sentrail.approval.wait`, `sentrail.replay` and `sentrail.execute` spans
   * under the active span, with ids, decision and outcome as `sentrail.*` attributes (never the input
   * or a key). Default: none, and no tracing cost.
   */
  tracer?: GuardTracer;
  /** After each evaluation (or failed evaluation), with what the guard does about it. */
  onDecision?: (event: GuardDecisionEvent) => void;
  /** When a call starts waiting for approval, and after each poll that still shows it open. */
  onPending?: (event: GuardPendingEvent) => void;
  /** Once per settled run (not for outcomes read back from the store). */
  onSettled?: (outcome: GuardOutcome) => void;
}

/** Options of one `guard.run`. */
export interface GuardRunOptions {
  /** Cancels this caller's wait; when every caller of the call has cancelled, evaluation, wait and `execute` are aborted. */
  signal?: AbortSignal;
  /** Overrides the tool's `replay` for this call. */
  replay?: GuardReplay;
  /** Overrides the guard's `evaluate` for this call. */
  evaluate?: GuardEvaluate;
  /**
   * Overrides the tool's `approvalTimeoutMs` for this call. `0` looks at the approval once and returns
   * (`timed_out` with a `resume` handle while it is still open): for hosts that pause instead of waiting
   * (LangGraph interrupts, serverless functions).
   */
  approvalTimeoutMs?: number;
}

/** A guard returned by {@link createGuard}. */
export interface Guard {
  /**
   * Evaluates the call with Sentrail and runs `execute` at most once if it may run: at once on `allow`,
   * after approval on `require_approval`. Resolves with a {@link GuardOutcome} for every decision and
   * failure; rejects only for a programming error (a call without a tool name, a cyclic `input`) or a
   * store that fails while recording the outcome.
   */
  run<TResult>(
    call: GuardCall,
    execute: (context: GuardExecuteContext) => TResult | PromiseLike<TResult>,
    options?: GuardRunOptions,
  ): Promise<GuardOutcome<Awaited<TResult>>>;
  /**
   * Takes over a call that waits for a reviewer, from its {@link GuardApprovalHandle} (an outcome's
   * `resume`, in this process or another): waits for the decision and applies it like `run` would (the
   * approved call runs `execute` exactly once across every guard sharing the store; denied, expired and
   * the kill switch do not run it). `input` must be the arguments the approval was asked for; other
   * arguments, or something that is not a handle, reject with a `TypeError` and nothing is sent or run.
   * A call already settled in the store returns its recorded outcome.
   */
  resume<TResult>(
    handle: GuardApprovalHandle,
    input: unknown,
    execute: (context: GuardExecuteContext) => TResult | PromiseLike<TResult>,
    options?: Omit<GuardRunOptions, "replay" | "evaluate">,
  ): Promise<GuardOutcome<Awaited<TResult>>>;
}

/** One call key in progress, shared by every caller of that call. */
interface Flight {
  readonly controller: AbortController;
  readonly context: GuardOutcomeContext;
  /** Callers whose signal has not aborted. */
  callers: number;
  executing: boolean;
  promise: Promise<GuardOutcome>;
}

/**
 * Creates the guarded-execution core that every Sentrail adapter (AI SDK, LangChain, MCP) and any
 * custom pipeline uses: `guard.run(call, execute)` maps the call to an evaluate-action request, obeys
 * the decision, waits for approvals (bounded, cancellable, ended by the kill switch), runs `execute` at
 * most once per call key, and returns one outcome type.
 *
 * Fails closed by default: if Sentrail cannot be reached, answers too late or answers nonsense, the
 * tool does not run (`status: "unavailable"`). `failMode: "open"` runs it and reports the failure.
 * `mode: "shadow"` always runs at once and only reports what Sentrail would have done.
 *
 * @example
 * ```ts
 * import { createGuard, createSentrailClient } from "@sentrail/client";
 *
 * const guard = createGuard({
 *   client: createSentrailClient({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" }),
 *   agentId: "billing-bot",
 *   tools: { refund_invoice: { evaluation: { riskLevel: "high", resourceType: "invoice" } } },
 *   onPending: ({ approvalRequestId }) => console.log("waiting for approval", approvalRequestId),
 * });
 * const outcome = await guard.run({ toolName: "refund_invoice", input: { id: "in_42" }, toolCallId: "call_1" }, () =>
 *   billing.refund("in_42"),
 * );
 * if (outcome.status !== "executed") console.log(outcome.message);
 * ```
 */
export function createGuard(options: GuardOptions): Guard {
  const { client } = options;
  if (typeof client?.evaluateAction !== "function" || typeof client.waitForApproval !== "function") {
    throw new TypeError(
      "createGuard needs a client with evaluateAction and waitForApproval (createSentrailClient)",
    );
  }
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isFinite(leaseMs) || leaseMs < 1) throw new RangeError("leaseMs must be a positive number");
  const flights = new Map<string, Flight>();
  const defaultEvaluate: GuardEvaluate = (input, requestOptions) =>
    client.evaluateAction(input, requestOptions);
  const runtime: GuardRuntime = {
    client,
    store: options.store ?? createMemoryGuardStore(),
    broadcast: createKillSwitchBroadcast(),
    agentId: options.agentId,
    evaluateTimeoutMs: options.evaluateTimeoutMs,
    leaseMs,
    polling: options.polling ?? {},
    tracer: options.tracer,
    onDecision: (event) => callHook("onDecision", options.onDecision, event),
    onPending: (event) => callHook("onPending", options.onPending, event),
  };

  return {
    async run(call, execute, runOptions = {}) {
      if (typeof call?.toolName !== "string" || call.toolName === "") {
        throw new TypeError("guard.run needs a call with a non-empty toolName");
      }
      if (typeof execute !== "function") throw new TypeError("guard.run needs an execute function");
      return start(call, execute, runOptions, undefined);
    },

    async resume(handle, input, execute, runOptions = {}) {
      if (!isGuardApprovalHandle(handle)) {
        throw new TypeError("guard.resume needs a handle from an outcome's `resume` or a pending event");
      }
      if (typeof execute !== "function") throw new TypeError("guard.resume needs an execute function");
      const call: GuardCall = { toolName: handle.toolName, input };
      if ((await createCallDigest(call)) !== handle.argumentsDigest) {
        throw new TypeError(
          "guard.resume: these arguments are not the ones the approval was asked for; nothing was run",
        );
      }
      const seed = {
        state: "awaiting_approval" as const,
        revision: globalThis.crypto.randomUUID(),
        toolName: handle.toolName,
        tool: handle.tool,
        evaluation: handle.evaluation,
      };
      return start(
        call,
        execute,
        { ...runOptions, replay: handle.replay },
        { callKey: handle.callKey, seed },
      );
    },
  };

  async function start<TResult>(
    call: GuardCall,
    execute: (context: GuardExecuteContext) => TResult | PromiseLike<TResult>,
    runOptions: GuardRunOptions,
    resumed: { callKey: string; seed: NonNullable<GuardedCallPlan<TResult>["seed"]> } | undefined,
  ): Promise<GuardOutcome<Awaited<TResult>>> {
    const tool =
      options.tools && Object.hasOwn(options.tools, call.toolName) ? options.tools[call.toolName] : undefined;
    const mode = tool?.mode ?? options.mode ?? "enforce";
    const replay = runOptions.replay ?? tool?.replay ?? options.replay ?? "self";
    let callKey = resumed?.callKey ?? (await createCallKey(call));
    const callerSignal = runOptions.signal;
    if (callerSignal?.aborted) {
      // The caller left before the call started: nothing is evaluated, sent or run.
      const context = { toolName: call.toolName, callKey, mode, replay, evaluation: null, wait: null };
      return createGuardOutcome(context, {
        status: "aborted",
        executeStarted: false,
        error: callerSignal.reason,
      });
    }
    let keyed = resumed !== undefined || (call.toolCallId !== undefined && call.toolCallId !== "");
    const enclosing = resumed ? undefined : await findEnclosingCall(call);
    if (enclosing?.authorized) {
      return passThrough(call, callKey, enclosing, execute, callerSignal) as Promise<
        GuardOutcome<Awaited<TResult>>
      >;
    }
    if (enclosing) {
      // The enclosing gate did not enforce (shadow mode, failing open): this gate decides, as a call
      // of its own (joining the enclosing run would wait for itself).
      keyed = false;
      callKey = await createCallKey({ toolName: call.toolName });
    }
    for (let existing = flights.get(callKey); existing; existing = flights.get(callKey)) {
      if (!existing.controller.signal.aborted) {
        return join(existing, callerSignal) as Promise<GuardOutcome<Awaited<TResult>>>;
      }
      // Every caller of that run has left and it is winding down: let it record its state, then start afresh.
      await existing.promise.catch(() => undefined);
    }

    const flight: Flight = {
      controller: new AbortController(),
      context: { toolName: call.toolName, callKey, mode, replay, evaluation: null, wait: null },
      callers: 0,
      executing: false,
      promise: Promise.resolve(undefined as unknown as GuardOutcome),
    };
    const approvalTimeoutMs =
      runOptions.approvalTimeoutMs ??
      tool?.approvalTimeoutMs ??
      options.approvalTimeoutMs ??
      DEFAULT_APPROVAL_TIMEOUT_MS;
    const plan: GuardedCallPlan<TResult> = {
      call,
      callKey,
      keyed,
      failMode: tool?.failMode ?? options.failMode ?? "closed",
      approvalTimeoutMs,
      evaluationMapping: tool?.evaluation,
      evaluate: runOptions.evaluate ?? options.evaluate ?? defaultEvaluate,
      execute,
      signal: flight.controller.signal,
      context: flight.context,
      onExecuting: () => {
        flight.executing = true;
      },
    };
    if (resumed) plan.seed = resumed.seed;
    flight.promise = runGuardedCall(runtime, plan)
      .then(({ outcome, fromStore }) => {
        if (!fromStore) callHook("onSettled", options.onSettled, outcome);
        return outcome;
      })
      .finally(() => {
        if (flights.get(callKey) === flight) flights.delete(callKey);
      });
    flights.set(callKey, flight);
    return join(flight, callerSignal) as Promise<GuardOutcome<Awaited<TResult>>>;
  }
}

/**
 * Attaches one caller to a flight. A caller whose signal aborts before `execute` starts leaves at once
 * with `aborted`; once `execute` has started, it stays for the real outcome (the side effect is being
 * decided right now). When the last caller aborts, the flight's own signal aborts.
 */
function join(flight: Flight, signal: AbortSignal | undefined): Promise<GuardOutcome> {
  flight.callers++;
  if (!signal) return flight.promise;
  return new Promise<GuardOutcome>((resolve, reject) => {
    const leave = () => {
      flight.callers--;
      if (flight.callers === 0) flight.controller.abort(signal.reason);
      if (!flight.executing) {
        resolve(
          createGuardOutcome(flight.context, {
            status: "aborted",
            executeStarted: false,
            error: signal.reason,
          }),
        );
      }
    };
    if (signal.aborted) leave();
    else signal.addEventListener("abort", leave, { once: true });
    flight.promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", leave));
  });
}

/**
 * The innermost running guarded call (of any guard) whose `execute` encloses this code and that is this
 * very call: the same tool and arguments, and the same tool-call id when both have one. The scope is
 * not compared: two gates on one call (an agent middleware and a wrapped tool) scope it differently.
 */
async function findEnclosingCall(call: GuardCall): Promise<EnclosingGuardedCall | undefined> {
  const enclosing = enclosingGuardedCalls();
  if (enclosing.length === 0) return undefined;
  let digest: string | undefined;
  const toolCallId = call.toolCallId || undefined;
  for (let index = enclosing.length - 1; index >= 0; index--) {
    const candidate = enclosing[index] as EnclosingGuardedCall;
    if (candidate.toolName !== call.toolName) continue;
    if (candidate.toolCallId && toolCallId && candidate.toolCallId !== toolCallId) continue;
    digest ??= await createCallDigest(call);
    if ((await candidate.digest()) === digest) return candidate;
  }
  return undefined;
}

/**
 * A gate nested in the gate of the same call (a wrapped tool behind an agent middleware, a callback
 * handler inside it, two guards): the enclosing gate was allowed or approved exactly this call, so this
 * one runs `execute` directly, without a second evaluation, approval, or store record.
 */
async function passThrough<TResult>(
  call: GuardCall,
  callKey: string,
  enclosing: EnclosingGuardedCall,
  execute: (context: GuardExecuteContext) => TResult | PromiseLike<TResult>,
  signal: AbortSignal | undefined,
): Promise<GuardOutcome<Awaited<TResult>>> {
  const context: GuardOutcomeContext = {
    toolName: call.toolName,
    callKey,
    mode: enclosing.mode,
    replay: "self",
    evaluation: enclosing.evaluation,
    wait: null,
  };
  const executeContext = {
    signal: signal ?? new AbortController().signal,
    callKey,
    evaluation: enclosing.evaluation,
  };
  try {
    const result = await execute(executeContext);
    return createGuardOutcome(context, { status: "executed", result, via: "guard", ranAlthough: null });
  } catch (error) {
    if (signal?.aborted)
      return createGuardOutcome(context, { status: "aborted", executeStarted: true, error });
    return createGuardOutcome(context, { status: "failed", via: "guard", ranAlthough: null, error });
  }
}

/** Hooks observe; a hook that throws must not change what happens to the call. */
function callHook<T>(name: string, hook: ((event: T) => void) | undefined, event: T): void {
  if (!hook) return;
  try {
    hook(event);
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.warn(`[sentrail] the guard's ${name} hook threw; the call continues. ${redactSecrets(detail)}`);
  }
}
