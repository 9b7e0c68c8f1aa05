import type {
  EvaluateActionInput,
  EvaluateActionResult,
  GuardEvaluate,
  GuardEvaluationMapping,
  GuardRecord,
  GuardStore,
  RequestOptions,
} from "@sentrail/client";
import { toGuardEvaluationInput } from "@sentrail/client";
import { createNativeDecisionKey } from "./create-native-decision-key";
import { type SentrailApprovalStatus, toAiSdkToolAnswer } from "./to-ai-sdk-tool-answer";

/** The Sentrail side of a native approval request, for UIs that want to link to it or decide it. */
export interface SentrailApprovalInfo {
  toolName: string;
  toolCallId: string;
  approvalRequestId: string;
  /** The status-poll key (`GET /gateway-proxy/status/{correlationId}`). */
  correlationId: string;
  /** Sentrail's reason for asking. */
  reason: string;
}

/** What native approvals need from the gate: how to ask Sentrail, and where decisions outlive a request. */
export interface NativeApprovalsOptions {
  /** The gate's `evaluate` (the client's `evaluateAction` unless replaced). */
  evaluate: GuardEvaluate;
  /** The gate's guard store: a `require_approval` is kept there for a later request or process. */
  store: GuardStore;
  agentId?: string;
  /** Per-tool evaluation mappings (the gate's `tools[name].evaluation`). */
  tools?: Record<string, { evaluation?: GuardEvaluationMapping }>;
  evaluateTimeoutMs?: number;
  /** After each evaluation this module made (not for decisions read back), e.g. for the kill-switch view. */
  onEvaluated?: (toolName: string, request: EvaluateActionInput, evaluation: EvaluateActionResult) => void;
}

/** A gate's native approvals: one evaluation per call in the SDK's approval check, handed to `execute`. */
export interface NativeApprovals {
  /** The SDK's approval check (v6 `needsApproval`, v7 `toolApproval`), first time and every re-check. */
  decide(
    toolName: string,
    input: unknown,
    toolCallId: string,
  ): Promise<{ needsApproval: boolean; status: SentrailApprovalStatus }>;
  /** The decision `decide` made for exactly this call, as the guard's `evaluate` for `execute`; `undefined` when there is none to hand over. */
  evaluateFor(
    toolName: string,
    input: unknown,
    toolCallId: string | undefined,
  ): Promise<GuardEvaluate | undefined>;
  approvalFor(toolCallId: string): SentrailApprovalInfo | undefined;
  /** Whether an evaluation came from `decide` (already observed when it was made; the guard reports it again when `execute` takes it). */
  isDecided(evaluation: EvaluateActionResult): boolean;
}

interface Decision {
  evaluation: EvaluateActionResult;
  /** An `allow` is handed to `execute` once: a later run of the same call (after an abort) asks again. */
  handed: boolean;
}

const MAX_REMEMBERED = 1000;

/**
 * Native approvals without a second state machine and without running anything. The SDK asks whether a
 * call needs approval (`needsApproval` / `toolApproval`) before it calls `execute`, and asks again
 * when the approval response arrives (AI SDK 6 and 7 both re-check). `decide` answers:
 *
 * - the first time, by calling the gate's `evaluate` once (one evaluation, one audit row) and keeping
 *   the decision for the call (tool name, tool-call id, exact arguments); a `require_approval` is also
 *   written to the gate's store under its own key (a `claim` on no record, so when another gate on the
 *   same store recorded one first, that one is the call's approval), so a later request, another gate
 *   on the same store or another process finds it;
 * - every later time (the re-check, a resubmitted or duplicated approval response), from that decision,
 *   without asking Sentrail again. Concurrent first checks of one call share one evaluation.
 *
 * `execute` then runs `guard.run` with `evaluateFor(...)` as its `evaluate`: the guard obeys the
 * decision as if it had asked (allow runs, block refuses, require_approval waits on Sentrail's approval
 * status, which carries the reviewer's decision). Nothing here calls the tool or `guard.run`, so no
 * stand-in can take the call's place in the guard: every `execute` of the call is a real one, and the
 * guard's in-flight sharing and store give two concurrent or repeated executes its one outcome.
 *
 * Never rejects for a Sentrail failure: no decision means no approval request, and `execute` asks
 * through the guard, which fails closed (or open) as configured.
 *
 * @example
 * ```ts
 * const native = createNativeApprovals({ evaluate, store });
 * const { needsApproval } = await native.decide("refund_order", { orderId: "o_1" }, "call_1");
 * const outcome = await guard.run(call, execute, { evaluate: await native.evaluateFor("refund_order", { orderId: "o_1" }, "call_1") });
 * ```
 */
export function createNativeApprovals(options: NativeApprovalsOptions): NativeApprovals {
  const decisions = new Map<string, Decision>();
  const deciding = new Map<string, Promise<Decision | null>>();
  const approvals = new Map<string, SentrailApprovalInfo>();
  const decided = new WeakSet<EvaluateActionResult>();

  const keep = (key: string, toolName: string, toolCallId: string, evaluation: EvaluateActionResult) => {
    const decision: Decision = { evaluation, handed: false };
    remember(decisions, key, decision);
    decided.add(evaluation);
    if (evaluation.decision === "require_approval") {
      remember(approvals, toolCallId, {
        toolName,
        toolCallId,
        approvalRequestId: evaluation.approvalRequestId,
        correlationId: evaluation.correlationId,
        reason: evaluation.reason,
      });
    }
    return decision;
  };

  /** A `require_approval` an earlier request (or gate, or process) kept in the store. */
  const readStored = async (key: string, toolName: string, toolCallId: string): Promise<Decision | null> => {
    let record: GuardRecord | undefined;
    try {
      record = await options.store.get(key);
    } catch {
      return null;
    }
    if (record?.state !== "awaiting_approval" || record.toolName !== toolName) return null;
    return keep(key, toolName, toolCallId, record.evaluation);
  };

  const evaluateOnce = async (
    key: string,
    toolName: string,
    input: unknown,
    toolCallId: string,
  ): Promise<Decision | null> => {
    const stored = await readStored(key, toolName, toolCallId);
    if (stored) return stored;
    let request: EvaluateActionInput;
    let evaluation: EvaluateActionResult;
    try {
      const tool =
        options.tools && Object.hasOwn(options.tools, toolName) ? options.tools[toolName] : undefined;
      request = toGuardEvaluationInput({ toolName, input, toolCallId }, tool?.evaluation, options.agentId);
      const requestOptions: RequestOptions = {};
      if (options.evaluateTimeoutMs !== undefined) requestOptions.timeoutMs = options.evaluateTimeoutMs;
      evaluation = await options.evaluate(request, requestOptions);
    } catch {
      // No decision: no approval request; `execute` asks through the guard and fails closed or open.
      return null;
    }
    options.onEvaluated?.(toolName, request, evaluation);
    if (evaluation.decision === "require_approval") {
      const record: GuardRecord = {
        state: "awaiting_approval",
        revision: globalThis.crypto.randomUUID(),
        toolName,
        tool: request.tool,
        evaluation,
      };
      let written = true;
      try {
        written = await options.store.claim(key, null, record);
      } catch {
        // Kept in memory only; a later process then asks Sentrail again (a new approval request).
      }
      // Another gate on the same store decided this call first: its approval is the call's approval.
      if (!written) {
        const first = await readStored(key, toolName, toolCallId);
        if (first) return first;
      }
    }
    return keep(key, toolName, toolCallId, evaluation);
  };

  const find = async (toolName: string, input: unknown, toolCallId: string): Promise<Decision | null> => {
    const key = await createNativeDecisionKey(toolName, input, toolCallId);
    if (key === null) return null;
    const known = decisions.get(key);
    if (known) return known;
    let pending = deciding.get(key);
    if (!pending) {
      pending = evaluateOnce(key, toolName, input, toolCallId).finally(() => deciding.delete(key));
      deciding.set(key, pending);
    }
    return pending;
  };

  return {
    async decide(toolName, input, toolCallId) {
      const decision = await find(toolName, input, toolCallId);
      const answer = toAiSdkToolAnswer({ stage: "approval", evaluation: decision?.evaluation ?? null });
      return answer.stage === "approval"
        ? { needsApproval: answer.needsApproval, status: answer.status }
        : { needsApproval: false, status: undefined };
    },
    async evaluateFor(toolName, input, toolCallId) {
      if (toolCallId === undefined || toolCallId === "") return undefined;
      const key = await createNativeDecisionKey(toolName, input, toolCallId);
      if (key === null) return undefined;
      const decision =
        decisions.get(key) ?? (await deciding.get(key)) ?? (await readStored(key, toolName, toolCallId));
      if (!decision) return undefined;
      if (decision.evaluation.decision === "allow") {
        if (decision.handed) return undefined;
        decision.handed = true;
      }
      const { evaluation } = decision;
      return async () => evaluation;
    },
    approvalFor: (toolCallId) => approvals.get(toolCallId),
    isDecided: (evaluation) => decided.has(evaluation),
  };
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}
