import type { GuardOutcome, GuardRecord } from "@sentrail/client";
import type { StoredResult } from "./encode-guard-record";

/** Text put in place of a result that could not be stored (a cycle, a BigInt, ...). */
export const NOT_STORED_RESULT = "[Sentrail: this tool call already ran; its result was not stored]";

const STATES: ReadonlySet<string> = new Set(["evaluating", "awaiting_approval", "executing", "settled"]);

/**
 * The record of a JSON text written by {@link encodeGuardRecord}: a settled result comes back as its
 * JSON value (`undefined` as such, one that could not be stored as {@link NOT_STORED_RESULT}), an
 * error as `{ name, message }`. Throws a `TypeError` on text this store did not write; the store turns
 * it into a rejection, so the guard fails closed rather than guess.
 *
 * @example
 * ```ts
 * const record = text === null ? undefined : decodeGuardRecord(text);
 * ```
 */
export function decodeGuardRecord(text: string): GuardRecord {
  const parsed = JSON.parse(text) as { state?: unknown; revision?: unknown; outcome?: unknown };
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    typeof parsed.revision !== "string" ||
    !STATES.has(parsed.state as string)
  ) {
    throw new TypeError("not a guard record");
  }
  if (parsed.state !== "settled") return parsed as GuardRecord;
  if (typeof parsed.outcome !== "object" || parsed.outcome === null) throw new TypeError("no outcome");
  const outcome = { ...(parsed.outcome as Record<string, unknown>) };
  if (outcome.status === "executed") outcome.result = fromStoredResult(outcome.result as StoredResult);
  else delete outcome.result;
  return { state: "settled", revision: parsed.revision, outcome: outcome as unknown as GuardOutcome };
}

function fromStoredResult(result: StoredResult | undefined): unknown {
  if (result?.kind === "json") return result.value;
  if (result?.kind === "undefined") return undefined;
  return NOT_STORED_RESULT;
}
