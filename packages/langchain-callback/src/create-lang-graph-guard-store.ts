import {
  BaseMessage,
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
  type StoredMessage,
} from "@langchain/core/messages";
import { type GuardOutcome, type GuardRecord, type GuardStore, redactSecrets } from "@sentrail/client";

/**
 * The part of a LangGraph `BaseStore` (`InMemoryStore`, `PostgresStore`, …) the guard store uses.
 * Any key-value store with these three methods works.
 *
 * @example
 * ```ts
 * import { InMemoryStore } from "@langchain/langgraph";
 * const store: KeyValueStoreLike = new InMemoryStore();
 * ```
 */
export interface KeyValueStoreLike {
  get(namespace: string[], key: string): Promise<{ value: Record<string, unknown> } | null | undefined>;
  put(namespace: string[], key: string, value: Record<string, unknown>): Promise<void>;
  delete(namespace: string[], key: string): Promise<void>;
}

/**
 * Options of {@link createLangGraphGuardStore}.
 *
 * @example
 * ```ts
 * createLangGraphGuardStore(store, { namespace: ["tenant-42", "sentrail"] });
 * ```
 */
export interface LangGraphGuardStoreOptions {
  /** Where records live in the store. Default `["sentrail", "guard"]`. */
  namespace?: string[];
}

/** A stored result: a LangChain message (the usual `ToolMessage`), plain JSON, or something that could not be kept. */
type StoredResult =
  | { kind: "message"; message: StoredMessage }
  | { kind: "json"; value: unknown }
  | { kind: "not_stored" };

/** Text put in place of a result that could not be serialised (e.g. a LangGraph `Command`). */
const NOT_STORED_RESULT = "[Sentrail: this tool call already ran; its result was not stored]";

/**
 * A guard store ({@link GuardStore} of `@sentrail/client`) kept in a LangGraph store that you persist
 * (the same `PostgresStore` you pass to `createAgent({ store })`, or any {@link KeyValueStoreLike}).
 * Use it when exactly-once must survive a process restart: a graph resumed from a checkpointer in a
 * new process then finds that an approved call already ran (or started and never finished) and does
 * not run it again, and resumes waiting on an open approval instead of asking again.
 *
 * Records are JSON: a `ToolMessage` result is stored as a LangChain stored message and restored as a
 * `ToolMessage`; other JSON-safe results are stored as is; anything else (a `Command`) is restored as
 * a fixed text. Errors are stored as `{ name, message }`, redacted. A store that rejects makes the
 * guard fail closed (`unavailable`) for that call.
 *
 * LangGraph stores have no compare-and-set, so the guard's claim is atomic only among the guards of
 * this process (claims on one key are serialised here). Workers in several processes that may run the
 * same tool call at the same time need a store with an atomic claim (`GuardStore.claim`).
 *
 * @example
 * ```ts
 * import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
 *
 * const store = PostgresStore.fromConnString(process.env.DATABASE_URL!);
 * const middleware = createSentrailMiddleware({ client, store: createLangGraphGuardStore(store) });
 * ```
 */
export function createLangGraphGuardStore(
  store: KeyValueStoreLike,
  options: LangGraphGuardStoreOptions = {},
): GuardStore {
  const namespace = options.namespace ?? ["sentrail", "guard"];
  const read = async (callKey: string): Promise<GuardRecord | undefined> => {
    const item = await store.get(namespace, callKey);
    const record = item?.value?.record;
    return record === undefined ? undefined : fromStoredRecord(record as StoredRecord);
  };
  // LangGraph stores have no compare-and-set: claims on one key are serialised in this process.
  const queues = new Map<string, Promise<unknown>>();
  return {
    get: read,
    claim(callKey, expectedRevision, next) {
      const previous = queues.get(callKey) ?? Promise.resolve();
      const step = previous.then(async () => {
        const current = await read(callKey);
        if ((current?.revision ?? null) !== expectedRevision) return false;
        if (next === null) await store.delete(namespace, callKey);
        else await store.put(namespace, callKey, { record: toStoredRecord(next) });
        return true;
      });
      const settled = step.catch(() => undefined);
      queues.set(callKey, settled);
      settled.then(() => {
        if (queues.get(callKey) === settled) queues.delete(callKey);
      });
      return step;
    },
  };
}

type StoredRecord =
  | Exclude<GuardRecord, { state: "settled" }>
  | {
      state: "settled";
      revision: string;
      outcome: Omit<GuardOutcome, "result" | "error"> & { result?: StoredResult; error: unknown };
    };

function toStoredRecord(record: GuardRecord): StoredRecord {
  if (record.state !== "settled") return JSON.parse(JSON.stringify(record)) as StoredRecord;
  const { outcome } = record;
  const stored = { ...outcome, error: toStoredError(outcome.error) } as Record<string, unknown>;
  if (outcome.status === "executed") stored.result = toStoredResult(outcome.result);
  return {
    state: "settled",
    revision: record.revision,
    outcome: JSON.parse(JSON.stringify(stored)),
  } as StoredRecord;
}

function fromStoredRecord(record: StoredRecord): GuardRecord {
  if (record.state !== "settled") return record;
  const outcome = { ...record.outcome } as Record<string, unknown>;
  if (outcome.status === "executed") outcome.result = fromStoredResult(outcome.result as StoredResult);
  else delete outcome.result;
  return { state: "settled", revision: record.revision, outcome: outcome as unknown as GuardOutcome };
}

function toStoredResult(result: unknown): StoredResult {
  if (BaseMessage.isInstance(result)) {
    const [message] = mapChatMessagesToStoredMessages([result]);
    if (message) return { kind: "message", message };
  }
  try {
    const json = JSON.stringify(result);
    if (json !== undefined) return { kind: "json", value: JSON.parse(json) };
  } catch {
    // Cyclic or not serialisable: fall through.
  }
  return { kind: "not_stored" };
}

function fromStoredResult(result: StoredResult | undefined): unknown {
  if (result?.kind === "message") return mapStoredMessagesToChatMessages([result.message])[0];
  if (result?.kind === "json") return result.value;
  return NOT_STORED_RESULT;
}

function toStoredError(error: unknown): { name: string; message: string } | null {
  if (error === null || error === undefined) return null;
  if (error instanceof Error) return { name: error.name, message: redactSecrets(error.message) };
  return { name: typeof error, message: redactSecrets(String(error)) };
}
