import { redactSecrets } from "../redact-secrets";
import { SentrailError } from "../sentrail-error";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardApprovalHandle } from "./guard-approval-handle";
import type {
  GuardMode,
  GuardOutcome,
  GuardOutcomeFields,
  GuardRanAlthough,
  GuardReplay,
  GuardWaitSummary,
} from "./guard-outcome";

/** Longest reason quoted in a model-facing message: the model needs the gist, not a log. */
const MAX_QUOTED_REASON = 300;

/** What the guard knew about the call when it settled. */
export interface GuardOutcomeContext {
  toolName: string;
  callKey: string;
  mode: GuardMode;
  replay: GuardReplay;
  /** The evaluation Sentrail answered, when it answered. */
  evaluation: EvaluateActionResult | null;
  wait: GuardWaitSummary | null;
  /**
   * True once the evaluation request was handed to `evaluate`. With `replay: "sentrail"` the request
   * is the call itself (mcp-gate, gateway-proxy forward it on `allow`), so from then on a run that ends
   * without Sentrail's answer cannot say the call did not happen.
   */
  evaluationSent?: boolean;
  /** The open approval's handle, once the call waits for one. */
  handle?: GuardApprovalHandle;
}

/** How the call ended, before the guard adds side effect, retry advice and message. */
export type GuardSettlement<TResult> =
  | {
      status: "executed";
      result: TResult;
      via: "guard" | "sentrail_replay";
      ranAlthough: GuardRanAlthough | null;
      error?: unknown;
    }
  | {
      status: "failed";
      via: "guard" | "sentrail_replay";
      ranAlthough: GuardRanAlthough | null;
      error: unknown;
      /** Replaces the default reason (the guard's own observation, e.g. an interrupted earlier run). */
      reason?: string;
    }
  | { status: "blocked" }
  | { status: "denied" }
  | { status: "expired" }
  | { status: "timed_out"; timeoutMs: number; error?: unknown }
  | { status: "aborted"; executeStarted: boolean; error?: unknown }
  | { status: "kill_switch"; reason: string }
  | { status: "unavailable"; error: unknown };

/**
 * Builds a {@link GuardOutcome}: the one place where each status gets its side effect, its retry
 * advice and its model-facing message. The table, with why:
 *
 * | status | sideEffect | retrySafe | why |
 * |---|---|---|---|
 * | executed | executed | false | it ran; calling again does it twice |
 * | failed | unknown | false | it started (or Sentrail replayed it) and may have partly happened |
 * | blocked | not_started | false | the same call gets the same policy answer |
 * | denied | not_started | false | a person said no to exactly this call |
 * | expired | not_started | true | nobody decided; a new call asks again |
 * | timed_out | not_started | true | the guard gave up; the old approval runs nothing by itself |
 * | aborted (before execute) | not_started | true | nothing ran |
 * | aborted (forwarding evaluate sent, no answer) | unknown | false | `replay: "sentrail"`: the gate may have forwarded it |
 * | aborted (during execute) | unknown | false | it may have taken effect |
 * | kill_switch | not_started | false | an operator stopped the agent; wait for them |
 * | unavailable | not_started | true, false for 4xx | a later retry may reach Sentrail; a rejected key or body will not fix itself |
 *
 * With `replay: "sentrail"`, Sentrail holds the call itself: a wait that ends while the approval is
 * still open (`timed_out`, `aborted`, `kill_switch`) leaves a stored call that Sentrail runs if a
 * reviewer approves later, and an evaluation that failed after it may have been sent may already
 * have been forwarded. Those outcomes are `unknown` and not retry-safe.
 *
 * @example
 * ```ts
 * createGuardOutcome(context, { status: "blocked" }).message;
 * // => "Not executed: blocked by Sentrail policy. Do not retry. Reason: Policy 'No deletes' matched"
 * ```
 */
export function createGuardOutcome<TResult>(
  context: GuardOutcomeContext,
  settlement: GuardSettlement<TResult>,
): GuardOutcome<TResult> {
  const evaluation = context.evaluation;
  // The call can be taken over while its approval stays open and the tool has not started.
  const resumable =
    settlement.status === "timed_out" || (settlement.status === "aborted" && !settlement.executeStarted);
  const resume = resumable ? (context.handle ?? null) : null;
  const fields = (
    sideEffect: "not_started" | "unknown",
    retrySafe: boolean,
    reason: string,
    message: string,
    error: unknown = null,
  ): GuardOutcomeFields & { sideEffect: "not_started" | "unknown" } => ({
    toolName: context.toolName,
    callKey: context.callKey,
    mode: context.mode,
    decision: evaluation?.decision ?? null,
    sideEffect,
    retrySafe,
    message,
    reason,
    auditLogId: evaluation?.auditLogId ?? null,
    correlationId: evaluation?.correlationId ?? null,
    approvalRequestId: evaluation?.decision === "require_approval" ? evaluation.approvalRequestId : null,
    matchedPolicyId: evaluation?.matchedPolicyId ?? null,
    wait: context.wait,
    resume,
    error,
  });
  // Sentrail holds a stored copy of the call that it will replay on approval.
  const heldBySentrail = context.replay === "sentrail" && evaluation?.decision === "require_approval";
  // The call went to a forwarding endpoint and no answer says it was refused: it may have run upstream.
  const mayHaveForwarded =
    context.replay === "sentrail" && context.evaluationSent === true && evaluation === null;

  switch (settlement.status) {
    case "executed": {
      const reason =
        settlement.ranAlthough === "unavailable"
          ? describeFailure(settlement.error)
          : redactSecrets(evaluation?.reason ?? "");
      return {
        ...fields("not_started", false, reason, "Executed.", settlement.error ?? null),
        status: "executed",
        sideEffect: "executed",
        result: settlement.result,
        via: settlement.via,
        ranAlthough: settlement.ranAlthough,
      };
    }
    case "failed": {
      const reason =
        settlement.reason ??
        (settlement.via === "sentrail_replay"
          ? `Sentrail's replay of the approved call failed${describeReplayFailure(settlement.error)}`
          : `The tool threw ${describeErrorName(settlement.error)}`);
      return {
        ...fields(
          "unknown",
          false,
          reason,
          "Started but failed: it may have partly taken effect. Do not retry without checking.",
          settlement.error,
        ),
        status: "failed",
        via: settlement.via,
        ranAlthough: settlement.ranAlthough,
      };
    }
    case "blocked": {
      const reason = redactSecrets(evaluation?.reason ?? "Blocked by policy");
      return {
        ...fields(
          "not_started",
          false,
          reason,
          `Not executed: blocked by Sentrail policy. Do not retry. Reason: ${quote(reason)}`,
        ),
        status: "blocked",
      };
    }
    case "denied":
      return {
        ...fields(
          "not_started",
          false,
          "A reviewer denied the approval request",
          "Not executed: a reviewer denied this call. Do not retry it.",
        ),
        status: "denied",
      };
    case "expired":
      return {
        ...fields(
          "not_started",
          true,
          "The approval request expired before a reviewer decided",
          "Not executed: the approval request expired before anyone decided. Calling the tool again asks for a new approval.",
        ),
        status: "expired",
      };
    case "timed_out": {
      const seconds = Math.round(settlement.timeoutMs / 1000);
      const reason = `No reviewer decision within ${seconds} s`;
      const outcome = heldBySentrail
        ? fields(
            "unknown",
            false,
            reason,
            "Not executed yet: still awaiting approval, and Sentrail will run it if a reviewer approves. Do not call it again.",
            settlement.error ?? null,
          )
        : fields(
            "not_started",
            true,
            reason,
            `Not executed: no approval after waiting ${seconds} s. You may call the tool again later.`,
            settlement.error ?? null,
          );
      return { ...outcome, status: "timed_out" };
    }
    case "aborted": {
      const error = settlement.error ?? null;
      let outcome: ReturnType<typeof fields>;
      if (settlement.executeStarted) {
        outcome = fields(
          "unknown",
          false,
          "Cancelled while the tool was running",
          "Cancelled while running: it may have taken effect. Do not retry without checking.",
          error,
        );
      } else if (mayHaveForwarded) {
        outcome = fields(
          "unknown",
          false,
          "Cancelled after the call was sent to Sentrail, which may have forwarded it",
          "Cancelled after it was sent: Sentrail may have run it. Do not retry without checking.",
          error,
        );
      } else if (heldBySentrail) {
        outcome = fields(
          "unknown",
          false,
          "Cancelled while awaiting approval",
          "Cancelled while awaiting approval; Sentrail will still run it if a reviewer approves. Do not call it again.",
          error,
        );
      } else {
        outcome = fields(
          "not_started",
          true,
          "Cancelled before the tool ran",
          "Not executed: cancelled before it ran. Calling it again is safe.",
          error,
        );
      }
      return { ...outcome, status: "aborted" };
    }
    case "kill_switch":
      return {
        ...fields(
          heldBySentrail ? "unknown" : "not_started",
          false,
          settlement.reason,
          `Not executed: Sentrail's kill switch stopped it (${settlement.reason}). Do not retry until an operator lifts it.`,
        ),
        status: "kill_switch",
      };
    case "unavailable": {
      const rejected = isRejectedRequest(settlement.error);
      const reason = describeFailure(settlement.error);
      let outcome: ReturnType<typeof fields>;
      if (rejected) {
        outcome = fields(
          "not_started",
          false,
          reason,
          "Not executed: Sentrail refused the authorisation request (a configuration problem). Do not retry.",
          settlement.error,
        );
      } else if (context.replay === "sentrail") {
        outcome = fields(
          "unknown",
          false,
          reason,
          "Not confirmed: Sentrail did not answer, and it may have run or stored this call. Do not retry without checking.",
          settlement.error,
        );
      } else {
        outcome = fields(
          "not_started",
          true,
          reason,
          "Not executed: Sentrail could not be reached to authorise this call. Retrying later is safe.",
          settlement.error,
        );
      }
      return { ...outcome, status: "unavailable" };
    }
  }
}

/** A 4xx other than 429: Sentrail refused the request itself (key, scope, body), before evaluating. */
function isRejectedRequest(error: unknown): boolean {
  if (!SentrailError.isInstance(error)) return false;
  // Checked by status, not by class: the subclasses are structurally identical, so a class check would narrow to never.
  const status = error.status;
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error || SentrailError.isInstance(error)) {
    return redactSecrets(`Sentrail unavailable: ${(error as Error).name}: ${(error as Error).message}`);
  }
  return "Sentrail unavailable";
}

/** The tool's own error message may echo anything (connection strings, tokens): name it, never quote it. */
function describeErrorName(error: unknown): string {
  return error instanceof Error ? `(${error.name})` : "(a non-Error value)";
}

function describeReplayFailure(failure: unknown): string {
  if (typeof failure !== "object" || failure === null) return "";
  const text = (failure as { error?: unknown }).error;
  return typeof text === "string" && text !== "" ? `: ${quote(redactSecrets(text))}` : "";
}

function quote(text: string): string {
  return text.length > MAX_QUOTED_REASON ? `${text.slice(0, MAX_QUOTED_REASON)}…` : text;
}
