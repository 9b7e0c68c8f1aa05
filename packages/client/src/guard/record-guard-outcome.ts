import type { GuardSettlement } from "./create-guard-outcome";
import type { GuardOutcome } from "./guard-outcome";
import type { GuardRecord, GuardStore } from "./guard-store";

/**
 * Writes what a later run of the same call finds: the outcome itself when it must never change (it
 * ran, it may have run, a policy, a person or the kill switch refused it); the approval record when the
 * wait ended early and a retry should resume it; nothing when a retry should evaluate afresh
 * (`unavailable`, `expired`, an abort before any approval). Rejects when the store rejects.
 *
 * @example
 * ```ts
 * await recordGuardOutcome(store, callKey, outcome, settlement, awaitingRecord);
 * ```
 */
export async function recordGuardOutcome(
  store: GuardStore,
  callKey: string,
  outcome: GuardOutcome<unknown>,
  settlement: GuardSettlement<unknown>,
  awaiting: GuardRecord | undefined,
): Promise<void> {
  const resumable =
    (settlement.status === "timed_out" || (settlement.status === "aborted" && !settlement.executeStarted)) &&
    awaiting !== undefined;
  if (resumable) return store.set(callKey, awaiting);
  if (outcome.sideEffect !== "not_started" || FINAL_REFUSALS.has(outcome.status)) {
    return store.set(callKey, { state: "settled", outcome });
  }
  return store.delete(callKey);
}

/** Refusals a retry of the same call must not re-ask: the answer would not change, or must not. */
const FINAL_REFUSALS: ReadonlySet<string> = new Set(["blocked", "denied", "kill_switch"]);
