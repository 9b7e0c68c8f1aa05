import type { GuardRecord } from "@sentrail/client";

/** How long each kind of record is kept in Redis, in milliseconds. */
export interface RecordTtls {
  /** `settled` records: how long a retry of the same call still gets the recorded outcome. */
  settledTtlMs: number;
  /** `awaiting_approval` records: how long an open approval can be found and resumed by any worker. */
  approvalTtlMs: number;
}

/**
 * The time to live of a record the store is about to write:
 *
 * - `settled`: `settledTtlMs`;
 * - `awaiting_approval`: `approvalTtlMs` (an approval wait found after this is asked again);
 * - `evaluating`, `executing`: what is left of the owner's lease plus `settledTtlMs`. A live owner renews
 *   its lease every third of it, so the record never expires under it; a dead owner's record stays as
 *   long as a settled one would, so every later run still learns that the call may have run (and never
 *   runs it again) instead of finding nothing and starting afresh.
 *
 * @example
 * ```ts
 * toRecordTtlMs(record, { settledTtlMs: 86_400_000, approvalTtlMs: 604_800_000 }, Date.now());
 * ```
 */
export function toRecordTtlMs(record: GuardRecord, ttls: RecordTtls, now: number): number {
  switch (record.state) {
    case "settled":
      return ttls.settledTtlMs;
    case "awaiting_approval":
      return ttls.approvalTtlMs;
    case "evaluating":
    case "executing":
      return Math.max(0, Math.ceil(record.leaseUntil - now)) + ttls.settledTtlMs;
  }
}
