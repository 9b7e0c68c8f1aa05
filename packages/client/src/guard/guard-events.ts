import type { ApprovalPollUpdate } from "../poll-until-approval-settles";
import type { EvaluateActionInput } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardFailMode, GuardMode } from "./guard-outcome";

/**
 * Passed to `onDecision` once per evaluation: what was asked, what Sentrail answered (or why it could
 * not), and what the guard does about it. A fail-open run or a shadow-mode run of a call Sentrail would
 * have stopped shows up here with `enforcement: "run"`.
 */
export interface GuardDecisionEvent {
  toolName: string;
  callKey: string;
  mode: GuardMode;
  failMode: GuardFailMode;
  /** The evaluate-action request that was sent. */
  input: EvaluateActionInput;
  /** Sentrail's answer; `null` when the evaluation failed. */
  evaluation: EvaluateActionResult | null;
  /** Why the evaluation failed (usually a `SentrailError`); `null` when it succeeded. */
  error: unknown;
  /** What the guard does next: run the tool, wait for an approval, or refuse. */
  enforcement: "run" | "wait" | "refuse";
}

/**
 * Passed to `onPending` when a call starts waiting for approval (`update: null`) and after every poll
 * that still shows it open, so an app can show a link to the approval and its progress.
 */
export interface GuardPendingEvent {
  toolName: string;
  callKey: string;
  approvalRequestId: string;
  /** The status-poll key: `GET /gateway-proxy/status/{correlationId}`. */
  correlationId: string;
  auditLogId: string;
  /** Sentrail's reason for asking, e.g. `Policy 'Approve refunds' matched`. */
  reason: string;
  matchedPolicyId: string | null;
  /** The latest poll (status, kill switch, `polls`, `elapsedMs`); `null` before the first one. */
  update: ApprovalPollUpdate | null;
}
