import { SentrailError, type SentrailErrorCode, type SentrailErrorJson } from "../sentrail-error";
import type { GuardOutcome } from "./guard-outcome";

/** The plain-object form of a {@link SentrailGuardError}: the error's fields plus the outcome's, never its result. */
export interface SentrailGuardErrorJson extends SentrailErrorJson {
  outcome: {
    status: GuardOutcome["status"];
    toolName: string;
    sideEffect: GuardOutcome["sideEffect"];
    retrySafe: boolean;
    reason: string;
    decision: GuardOutcome["decision"];
    auditLogId: string | null;
    correlationId: string | null;
    approvalRequestId: string | null;
    matchedPolicyId: string | null;
  };
}

/**
 * A guarded tool call that did not execute, for adapters and pipelines that prefer throwing to
 * returning: `outcome` is the full {@link GuardOutcome} (branch on `outcome.status`, `sideEffect`,
 * `retrySafe`), `message` is the outcome's model-facing message, `correlationId` the lifecycle id.
 * `code` is `"not_executed"`. A `SentrailError` that made Sentrail unavailable is the `cause`; an error
 * thrown by the tool itself stays on `outcome.error` only (its text may hold anything).
 *
 * @example
 * ```ts
 * const outcome = await guard.run(call, execute);
 * if (outcome.status !== "executed") throw new SentrailGuardError(outcome);
 *
 * // elsewhere
 * if (SentrailGuardError.isInstance(error) && error.outcome.retrySafe) scheduleRetry();
 * ```
 */
export class SentrailGuardError extends SentrailError {
  static override readonly errorName: string = "SentrailGuardError";
  static override readonly defaultCode: SentrailErrorCode = "not_executed";
  readonly outcome: Exclude<GuardOutcome, { status: "executed" }>;

  constructor(outcome: Exclude<GuardOutcome, { status: "executed" }>) {
    const options: { correlationId?: string; cause?: unknown } = {};
    if (outcome.correlationId !== null) options.correlationId = outcome.correlationId;
    if (SentrailError.isInstance(outcome.error)) options.cause = outcome.error;
    super(outcome.message, options);
    this.outcome = outcome;
  }

  override toJSON(): SentrailGuardErrorJson {
    const { outcome } = this;
    return {
      ...super.toJSON(),
      outcome: {
        status: outcome.status,
        toolName: outcome.toolName,
        sideEffect: outcome.sideEffect,
        retrySafe: outcome.retrySafe,
        reason: outcome.reason,
        decision: outcome.decision,
        auditLogId: outcome.auditLogId,
        correlationId: outcome.correlationId,
        approvalRequestId: outcome.approvalRequestId,
        matchedPolicyId: outcome.matchedPolicyId,
      },
    };
  }
}
