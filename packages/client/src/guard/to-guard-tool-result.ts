import type { GuardOutcome, GuardOutcomeStatus, GuardSideEffect } from "./guard-outcome";

/**
 * What the model sees for a guarded call: the tool's result when it executed, otherwise a small,
 * stable object that says it did not run (or may have), whether calling again is safe, and why. Ids are
 * included so the model can mention the approval to a person; nothing else from the outcome leaks
 * (no errors, no payloads, no secrets).
 */
export type GuardToolResult<TResult = unknown> =
  | { executed: true; result: TResult }
  | {
      executed: false;
      status: Exclude<GuardOutcomeStatus, "executed">;
      sideEffect: Exclude<GuardSideEffect, "executed">;
      retrySafe: boolean;
      reason: string;
      message: string;
      approvalRequestId?: string;
      correlationId?: string;
    };

/**
 * Turns a {@link GuardOutcome} into the value an adapter hands back to the model as the tool's result.
 * Adapters call this in their one mapping function instead of writing their own wording, so every host
 * tells the model the same thing.
 *
 * @example
 * ```ts
 * const outcome = await guard.run(call, execute);
 * return toGuardToolResult(outcome);
 * // blocked => { executed: false, status: "blocked", sideEffect: "not_started", retrySafe: false,
 * //              reason: "Policy 'No deletes' matched", message: "Not executed: blocked by Sentrail policy. …" }
 * ```
 */
export function toGuardToolResult<TResult>(outcome: GuardOutcome<TResult>): GuardToolResult<TResult> {
  if (outcome.status === "executed") return { executed: true, result: outcome.result };
  const result: GuardToolResult<TResult> = {
    executed: false,
    status: outcome.status,
    sideEffect: outcome.sideEffect,
    retrySafe: outcome.retrySafe,
    reason: outcome.reason,
    message: outcome.message,
  };
  if (outcome.approvalRequestId !== null) result.approvalRequestId = outcome.approvalRequestId;
  if (outcome.correlationId !== null) result.correlationId = outcome.correlationId;
  return result;
}
