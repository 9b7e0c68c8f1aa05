import type { ToolName } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardOutcome } from "./guard-outcome";

/**
 * What the guard remembers about one call key:
 *
 * - `awaiting_approval`: Sentrail asked for approval; a later run of the same call resumes the wait
 *   on this approval instead of evaluating again (after a timeout, an abort, or a process restart with
 *   a persistent store).
 * - `executing`: `execute` was started. Seen without a live run (a crash, another process), it means
 *   the side effect is unknown, and the call is not run again.
 * - `settled`: the final outcome, returned as is to every later run of the same call.
 *
 * Records are plain data except `outcome.result` and `outcome.error`, which are whatever the tool
 * returned or threw; a persistent store must serialise those itself.
 */
export type GuardRecord =
  | {
      state: "awaiting_approval";
      toolName: string;
      /** The evaluate-action tool, whose pause ends the wait. */
      tool: ToolName;
      evaluation: EvaluateActionResult;
    }
  | { state: "executing"; toolName: string; evaluation: EvaluateActionResult | null }
  | { state: "settled"; outcome: GuardOutcome };

/**
 * Where the guard keeps call records between runs. The default ({@link createMemoryGuardStore}) is an
 * in-memory LRU; hosts that checkpoint (LangGraph) or run several processes can pass their own. Methods
 * may be synchronous or return promises; a rejection fails the run closed (`unavailable`).
 *
 * Writes happen at three points: before waiting (`awaiting_approval`), before `execute` (`executing`),
 * and at the end (`settled`, or `delete` when a retry should evaluate afresh).
 *
 * @example
 * ```ts
 * const records = new Map<string, GuardRecord>();
 * const store: GuardStore = {
 *   get: (key) => records.get(key),
 *   set: (key, record) => void records.set(key, record),
 *   delete: (key) => void records.delete(key),
 * };
 * ```
 */
export interface GuardStore {
  get(callKey: string): GuardRecord | undefined | Promise<GuardRecord | undefined>;
  set(callKey: string, record: GuardRecord): void | Promise<void>;
  delete(callKey: string): void | Promise<void>;
}
