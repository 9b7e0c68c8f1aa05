import type {
  EvaluateActionResult,
  Guard,
  GuardDecisionEvent,
  GuardEvaluate,
  GuardOutcome,
  GuardPendingEvent,
} from "@sentrail/client";
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

/** A gate's native approvals: the probe, the parked decisions, and the hook filters that hide the probe. */
export interface NativeApprovals {
  /** Set once the guard exists (its hooks call the `observe*` methods below). */
  attach(guard: Guard): void;
  /** Asks Sentrail once for a call, through the guard, without running or waiting for anything. */
  decide(
    toolName: string,
    input: unknown,
    toolCallId: string,
  ): Promise<{ needsApproval: boolean; status: SentrailApprovalStatus }>;
  /** The decision `decide` parked for exactly this call, as a guard `evaluate`, taken once. */
  takeParked(toolName: string, input: unknown, toolCallId: string | undefined): GuardEvaluate | undefined;
  approvalFor(toolCallId: string): SentrailApprovalInfo | undefined;
  /** From the guard's `onDecision`: false when the event repeats one already reported (a parked decision). */
  observeDecision(event: GuardDecisionEvent): boolean;
  /** From the guard's `onPending`: hands a probed call's approval to the SDK (stops its wait). */
  observePending(event: GuardPendingEvent): void;
  /** From the guard's `onSettled`: false for a probe's own `aborted` hand-off, which is not an outcome. */
  observeSettled(outcome: GuardOutcome): boolean;
}

interface Probe {
  toolName: string;
  controller: AbortController;
  pending?: SentrailApprovalInfo;
}

const MAX_REMEMBERED = 1000;

/**
 * Native approvals on top of the guard, without a second state machine. `decide` (the SDK's
 * `needsApproval` / `toolApproval`) runs `guard.run` for the real call with the gate's `evaluate`, and
 * stops that run (aborts its signal) as soon as the decision is known:
 *
 * - `allow`: the guard records nothing (an abort before `execute`); the decision is parked, and the
 *   SDK's `execute` hands it to `guard.run` as its `evaluate`: one evaluation, one audit row.
 * - `block`: the guard records `blocked`; `execute` returns that outcome.
 * - `require_approval`: the guard records the open approval (an aborted wait is resumable); the SDK
 *   shows its approval request; the later `execute` resumes the wait, which polls Sentrail's recorded
 *   decision before anything runs. A call already waiting (AI SDK 7 re-checks approvals) is stopped
 *   from `onPending` before its first poll.
 *
 * The probe's own `aborted` settlement and the repeated report of a parked decision are filtered out of
 * the user's hooks. Never rejects for a Sentrail failure (no decision → no approval request; `execute`
 * then asks again and fails closed or open as configured).
 *
 * @example
 * ```ts
 * const native = createNativeApprovals(evaluate);
 * const guard = createGuard({ client, evaluate, onPending: (event) => native.observePending(event) });
 * native.attach(guard);
 * const { needsApproval } = await native.decide("refund_order", { orderId: "o_1" }, "call_1");
 * ```
 */
export function createNativeApprovals(evaluate: GuardEvaluate): NativeApprovals {
  let guard: Guard | undefined;
  const probes = new Map<string, Probe>();
  const parked = new Map<string, EvaluateActionResult>();
  const approvals = new Map<string, SentrailApprovalInfo>();
  /** Evaluations already reported to `onDecision` (a parked one is reported again by the execute run). */
  const reported = new WeakSet<object>();
  /** Evaluations (or evaluation errors) that came from a probe. */
  const fromProbe = new WeakSet<object>();
  /** Call keys whose probe run ends `aborted` by design. */
  const probeCallKeys = new Set<string>();

  return {
    attach(attached) {
      guard = attached;
    },
    async decide(toolName, input, toolCallId) {
      if (!guard) throw new Error("createNativeApprovals: attach(guard) first");
      const controller = new AbortController();
      const probe: Probe = { toolName, controller };
      probes.set(toolCallId, probe);
      let evaluation: EvaluateActionResult | null = null;
      try {
        await guard.run(
          { toolName, input, toolCallId },
          () => {
            throw new Error("a native-approval probe never executes the tool");
          },
          {
            signal: controller.signal,
            evaluate: async (request, requestOptions) => {
              try {
                evaluation = await evaluate(request, requestOptions);
                fromProbe.add(evaluation);
                remember(parked, parkKey(toolName, input, toolCallId), evaluation);
                return evaluation;
              } catch (error) {
                if (typeof error === "object" && error !== null) fromProbe.add(error);
                throw error;
              } finally {
                // Before `execute` can start and before the wait's first poll: the SDK takes over.
                controller.abort(new Error("Sentrail decision handed to the AI SDK"));
              }
            },
          },
        );
      } finally {
        if (probes.get(toolCallId) === probe) probes.delete(toolCallId);
      }
      const decided: EvaluateActionResult | null =
        evaluation ??
        (probe.pending
          ? {
              decision: "require_approval",
              reason: probe.pending.reason,
              approvalRequestId: probe.pending.approvalRequestId,
              correlationId: probe.pending.correlationId,
              auditLogId: "",
              matchedPolicyId: null,
            }
          : null);
      if (decided?.decision === "require_approval") {
        remember(approvals, toolCallId, {
          toolName,
          toolCallId,
          approvalRequestId: decided.approvalRequestId,
          correlationId: decided.correlationId,
          reason: decided.reason,
        });
      }
      const answer = toAiSdkToolAnswer({ stage: "approval", evaluation: decided });
      return answer.stage === "approval"
        ? { needsApproval: answer.needsApproval, status: answer.status }
        : { needsApproval: false, status: undefined };
    },
    takeParked(toolName, input, toolCallId) {
      if (toolCallId === undefined) return undefined;
      const key = parkKey(toolName, input, toolCallId);
      const evaluation = key === null ? undefined : parked.get(key);
      if (evaluation === undefined || key === null) return undefined;
      parked.delete(key);
      return async () => evaluation;
    },
    approvalFor: (toolCallId) => approvals.get(toolCallId),
    observeDecision(event) {
      const source = event.evaluation ?? event.error;
      if (typeof source === "object" && source !== null && fromProbe.has(source)) {
        probeCallKeys.add(event.callKey);
      }
      if (!event.evaluation) return true;
      if (reported.has(event.evaluation)) return false;
      reported.add(event.evaluation);
      return true;
    },
    observePending(event) {
      const toolCallId = toolCallIdOf(event.callKey);
      const probe = probes.get(toolCallId);
      if (!probe || probe.toolName !== event.toolName) return;
      probeCallKeys.add(event.callKey);
      probe.pending = {
        toolName: event.toolName,
        toolCallId,
        approvalRequestId: event.approvalRequestId,
        correlationId: event.correlationId,
        reason: event.reason,
      };
      probe.controller.abort(new Error("Sentrail approval handed to the AI SDK"));
    },
    observeSettled(outcome) {
      const probed = probeCallKeys.delete(outcome.callKey);
      return !(probed && outcome.status === "aborted");
    },
  };
}

/** `${toolCallId}:${sha256}` → the tool-call id (the digest has no colon). */
function toolCallIdOf(callKey: string): string {
  return callKey.slice(0, callKey.lastIndexOf(":"));
}

/** Parked decisions cover the exact arguments: other arguments under the same id are another call. */
function parkKey(toolName: string, input: unknown, toolCallId: string): string | null {
  try {
    return `${toolName}\u0000${toolCallId}\u0000${JSON.stringify(input) ?? ""}`;
  } catch {
    return null;
  }
}

function remember<V>(map: Map<string, V>, key: string | null, value: V): void {
  if (key === null) return;
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}
