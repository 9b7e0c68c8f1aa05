import type { GuardSettlement } from "./create-guard-outcome";
import type { GuardOutcome } from "./guard-outcome";
import type { GuardRecord } from "./guard-store";

/** Refusals a retry of the same call must not re-ask: the answer would not change, or must not. */
const FINAL_REFUSALS: ReadonlySet<string> = new Set(["blocked", "denied", "kill_switch"]);

/**
 * What a later run of the same call should find, given how this run ended:
 *
 * - `"keep"`: the approval record stays, so a retry resumes the wait (the wait timed out or every
 *   caller left, and the tool did not start);
 * - a `settled` record: the outcome must never change (it ran, it may have run, or a policy, a person or
 *   the kill switch refused it);
 * - `null`: nothing, so a retry evaluates afresh (`unavailable`, `expired`, an abort before any approval).
 *
 * @example
 * ```ts
 * const next = nextGuardRecord(outcome, settlement, awaitingRecord);
 * if (next !== "keep") await ledger.write(next);
 * ```
 */
export function nextGuardRecord(
  outcome: GuardOutcome<unknown>,
  settlement: GuardSettlement<unknown>,
  awaiting: GuardRecord | undefined,
): GuardRecord | null | "keep" {
  const resumable =
    (settlement.status === "timed_out" || (settlement.status === "aborted" && !settlement.executeStarted)) &&
    awaiting?.state === "awaiting_approval";
  if (resumable) return "keep";
  if (outcome.sideEffect !== "not_started" || FINAL_REFUSALS.has(outcome.status)) {
    return { state: "settled", revision: globalThis.crypto.randomUUID(), outcome };
  }
  return null;
}
