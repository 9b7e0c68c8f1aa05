import type { GuardRecord, GuardStore } from "./guard-store";

/** Default capacity: enough for every call of a long agent session, small enough to bound memory. */
const DEFAULT_MAX_ENTRIES = 1000;

/** Options of {@link createMemoryGuardStore}. */
export interface MemoryGuardStoreOptions {
  /** Records kept; the least recently used is dropped beyond this. Default 1000. */
  maxEntries?: number;
}

/**
 * The guard's default {@link GuardStore}: an in-memory LRU map. When a record is dropped, a later run
 * with the same call key is a new call again (a dropped `awaiting_approval` record means a new
 * evaluation and approval request; a dropped `settled` one means the call may run again), so size it
 * above the number of calls a host may still retry. Lost when the process exits.
 *
 * @example
 * ```ts
 * const guard = createGuard({ client, store: createMemoryGuardStore({ maxEntries: 10_000 }) });
 * ```
 */
export function createMemoryGuardStore(options: MemoryGuardStoreOptions = {}): GuardStore & {
  /** Records currently held. */
  readonly size: number;
} {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new RangeError("maxEntries must be a positive integer");
  const records = new Map<string, GuardRecord>();
  return {
    get size() {
      return records.size;
    },
    get(callKey) {
      const record = records.get(callKey);
      if (record !== undefined) {
        // Map keeps insertion order: re-inserting marks the entry most recently used.
        records.delete(callKey);
        records.set(callKey, record);
      }
      return record;
    },
    set(callKey, record) {
      records.delete(callKey);
      records.set(callKey, record);
      while (records.size > maxEntries) {
        const oldest = records.keys().next().value as string;
        records.delete(oldest);
      }
    },
    delete(callKey) {
      records.delete(callKey);
    },
  };
}
