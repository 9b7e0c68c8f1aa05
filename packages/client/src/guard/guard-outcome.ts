import type { ApprovalStatus, Decision } from "../sentrail-api-types";
import type { KillSwitchState } from "../to-approval-status-update";
import type { GuardApprovalHandle } from "./guard-approval-handle";

/**
 * Whether the tool's side effect happened: `executed` (it ran to completion), `not_started` (it never
 * began, and nothing will run it later on this call's behalf), `unknown` (it began, or Sentrail may run
 * it, and the guard cannot tell whether it took effect).
 */
export type GuardSideEffect = "executed" | "not_started" | "unknown";

/** `enforce` (default): decisions are obeyed. `shadow`: the tool always runs at once; decisions are only reported. */
export type GuardMode = "enforce" | "shadow";

/**
 * What happens when Sentrail gives no usable answer (network failure, timeout, 5xx, unreadable answer,
 * rejected credential): `closed` (default) refuses the call with an `unavailable` outcome; `open` runs
 * it and reports the failure (`ranAlthough: "unavailable"`, `onDecision`). Only the evaluation fails
 * open: a decision Sentrail did give (block, approval required) is never overridden.
 */
export type GuardFailMode = "closed" | "open";

/**
 * Who performs an approved call: `self` (default; evaluate-action approvals end in `approved` and the
 * guard runs `execute`), or `sentrail` (Sentrail stored the call and replays it after approval, as for
 * gateway-proxy and mcp-gate; the guard waits for `executed`/`failed` and returns the replay's result).
 */
export type GuardReplay = "self" | "sentrail";

/** Why a call that Sentrail did not (or could not) allow ran anyway, in shadow mode or failing open. */
export type GuardRanAlthough = "block" | "require_approval" | "unavailable";

/** Where the approval wait stood when the outcome settled. */
export interface GuardWaitSummary {
  /** Status polls sent, failed ones included. */
  polls: number;
  /** Milliseconds spent waiting (by the guard's clock). */
  elapsedMs: number;
  /** The approval status of the last successful poll; `null` when none succeeded. */
  lastStatus: ApprovalStatus | null;
  /** The kill-switch state of the last successful poll; `null` when none succeeded. */
  killSwitch: KillSwitchState | null;
}

/** Fields every {@link GuardOutcome} carries. Ids are `null` when Sentrail never sent them. */
export interface GuardOutcomeFields {
  /** The host's tool name, as given to `guard.run`. */
  toolName: string;
  /** `${toolCallId}:${sha256}` of the call, or `anonymous:<uuid>` without a tool-call id. */
  callKey: string;
  mode: GuardMode;
  /** Sentrail's decision in the wire's words; `null` when no decision arrived (unavailable). */
  decision: Decision | null;
  /** Whether the side effect happened. */
  sideEffect: GuardSideEffect;
  /**
   * Whether calling the tool again with the same arguments, as a new call, can neither duplicate a
   * side effect nor be pointless. See the table in the package README.
   */
  retrySafe: boolean;
  /** Short text for the model: what happened, whether to retry, and why. Never contains secrets. */
  message: string;
  /** Human-readable cause: Sentrail's reason for a decision, or what the guard observed. Redacted. */
  reason: string;
  auditLogId: string | null;
  correlationId: string | null;
  approvalRequestId: string | null;
  matchedPolicyId: string | null;
  /** The approval wait, when there was one. */
  wait: GuardWaitSummary | null;
  /**
   * Set when the call still waits for a reviewer and can be taken over (`timed_out`, or `aborted`
   * during the wait): pass it to `guard.resume` here or in another process. `null` otherwise.
   */
  resume: GuardApprovalHandle | null;
  /**
   * What went wrong, when something did: the `SentrailError` of an unavailable evaluation (also on a
   * fail-open run), the error `execute` threw, Sentrail's failed-replay result, the last poll error of a
   * timed-out wait. `null` otherwise.
   */
  error: unknown;
}

/**
 * How a guarded call ended: one union on `status` for every adapter, in the wire's words where the
 * wire has them.
 *
 * - `executed`: the tool ran (`via: "guard"`), or Sentrail replayed it after approval
 *   (`via: "sentrail_replay"`); `result` is its result. `ranAlthough` is set when it ran without
 *   Sentrail's allow (shadow mode, or failing open).
 * - `failed`: the tool was started and threw, or Sentrail's replay failed; the side effect is unknown.
 * - `blocked`, `denied`, `expired`: Sentrail's policy, a reviewer, or the approval TTL said no.
 * - `timed_out`, `aborted`: the guard stopped waiting (its limit, or the caller's signal).
 * - `kill_switch`: a status poll showed the global kill switch on or the tool paused.
 * - `unavailable`: Sentrail gave no usable answer and the tool fails closed.
 *
 * @example
 * ```ts
 * const outcome = await guard.run({ toolName: "delete_user", input: { id: 7 } }, () => deleteUser(7));
 * if (outcome.status === "executed") return outcome.result;
 * return { error: outcome.message, retry: outcome.retrySafe };
 * ```
 */
export type GuardOutcome<TResult = unknown> =
  | (GuardOutcomeFields & {
      status: "executed";
      sideEffect: "executed";
      result: TResult;
      via: "guard" | "sentrail_replay";
      ranAlthough: GuardRanAlthough | null;
    })
  | (NotExecutedFields & {
      status: "failed";
      via: "guard" | "sentrail_replay";
      ranAlthough: GuardRanAlthough | null;
    })
  | (NotExecutedFields & { status: "blocked" })
  | (NotExecutedFields & { status: "denied" })
  | (NotExecutedFields & { status: "expired" })
  | (NotExecutedFields & { status: "timed_out" })
  | (NotExecutedFields & { status: "aborted" })
  | (NotExecutedFields & { status: "kill_switch" })
  | (NotExecutedFields & { status: "unavailable" });

type NotExecutedFields = GuardOutcomeFields & { sideEffect: "not_started" | "unknown" };

/** Every `status` a {@link GuardOutcome} can have. */
export type GuardOutcomeStatus = GuardOutcome["status"];
