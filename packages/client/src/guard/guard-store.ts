import type { ToolName } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardOutcome } from "./guard-outcome";

/**
 * What the guard remembers about one call key. Every record carries a `revision` (a fresh random id
 * per write), which is what {@link GuardStore.claim} compares.
 *
 * - `evaluating`: one run (the `owner`) is asking Sentrail. Others wait for the next record; when the
 *   lease (`leaseUntil`, epoch ms, renewed while the owner lives) has passed, the owner is presumed dead.
 * - `awaiting_approval`: Sentrail asked for approval; any run of the same call (this process or
 *   another) waits on this approval instead of evaluating again, and on approval exactly one of them
 *   claims `executing`.
 * - `executing`: `execute` was started by `owner`. Others wait for `settled`; once the lease has
 *   passed (the owner crashed mid-call), the side effect is unknown and the call is never run again.
 * - `settled`: the final outcome, returned as is to every later run of the same call.
 *
 * Records are plain data except `outcome.result` and `outcome.error`, which are whatever the tool
 * returned or threw; a persistent store must serialise those itself.
 */
export type GuardRecord =
  | {
      state: "evaluating";
      revision: string;
      toolName: string;
      owner: string;
      leaseUntil: number;
    }
  | {
      state: "awaiting_approval";
      revision: string;
      toolName: string;
      /** The evaluate-action tool, whose pause ends the wait. */
      tool: ToolName;
      evaluation: EvaluateActionResult;
    }
  | {
      state: "executing";
      revision: string;
      toolName: string;
      evaluation: EvaluateActionResult | null;
      owner: string;
      leaseUntil: number;
    }
  | { state: "settled"; revision: string; outcome: GuardOutcome };

/**
 * Where the guard keeps call records, so that a call runs at most once however many runs, guard
 * instances or processes see it. The default ({@link createMemoryGuardStore}) is an in-memory LRU for
 * one process; workers that share calls pass a store over something they all reach.
 *
 * The invariant a store keeps is one step, `claim`: compare the stored record's `revision` with
 * `expectedRevision` and, only if they are equal, replace the record, as one atomic operation with
 * respect to every other `claim` on the same key, in every process. Every write of the guard goes through
 * it, so two runs can never both move a call from "may run" to `executing`: one claim wins, the other
 * reads the winner's record and follows it. Methods may be synchronous or return promises; a rejection
 * fails the run closed (`unavailable`, the tool does not run).
 *
 * @example
 * ```ts
 * const records = new Map<string, GuardRecord>();
 * const store: GuardStore = {
 *   get: (key) => records.get(key),
 *   claim(key, expectedRevision, next) {
 *     if ((records.get(key)?.revision ?? null) !== expectedRevision) return false;
 *     if (next === null) records.delete(key);
 *     else records.set(key, next);
 *     return true;
 *   },
 * };
 * ```
 */
export interface GuardStore {
  /** The record of `callKey`, or `undefined`. */
  get(callKey: string): GuardRecord | undefined | Promise<GuardRecord | undefined>;
  /**
   * Atomically: if the stored record's `revision` is `expectedRevision` (`null`: there is no record),
   * store `next` (`null`: remove the record) and return `true`; otherwise change nothing and return
   * `false`.
   */
  claim(
    callKey: string,
    expectedRevision: string | null,
    next: GuardRecord | null,
  ): boolean | Promise<boolean>;
}
