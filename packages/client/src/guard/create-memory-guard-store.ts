import type { GuardRecord, GuardStore } from "./guard-store";

/** Default capacity: enough for every call of a long agent session, small enough to bound memory. */
const DEFAULT_MAX_ENTRIES = 1000;

/** Options of {@link createMemoryGuardStore}. */
export interface MemoryGuardStoreOptions {
  /** Records kept; the least recently used is dropped beyond this. Default 1000. */
  maxEntries?: number;
}

/** The in-memory store: synchronous, and it tells how many records it holds. */
interface MemoryGuardStore extends GuardStore {
  /** Records currently held. */
  readonly size: number;
  get(callKey: string): GuardRecord | undefined;
  claim(callKey: string, expectedRevision: string | null, next: GuardRecord | null): boolean;
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
export function createMemoryGuardStore(options: MemoryGuardStoreOptions = {}): MemoryGuardStore {
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
    // Atomic by construction: JavaScript runs this synchronous body without interleaving.
    claim(callKey, expectedRevision, next) {
      if ((records.get(callKey)?.revision ?? null) !== expectedRevision) return false;
      records.delete(callKey);
      if (next === null) return true;
      records.set(callKey, next);
      while (records.size > maxEntries) {
        const oldest = records.keys().next().value as string;
        records.delete(oldest);
      }
      return true;
    },
  };
}
