import { createHash } from "node:crypto";
import type { GuardRecord, GuardStore } from "@sentrail/client";
import { CLAIM_GUARD_RECORD_SCRIPT } from "./claim-guard-record-script";
import { decodeGuardRecord } from "./decode-guard-record";
import { encodeGuardRecord } from "./encode-guard-record";
import { RedisGuardStoreError } from "./redis-guard-store-error";
import { toRecordTtlMs } from "./to-record-ttl-ms";

/**
 * The part of a node-redis client (`createClient()` or `createCluster()` from `redis` 6) the store
 * uses. Pass your own connected client: its connection, TLS, credentials and reconnect strategy are
 * yours, and the store never connects, quits or subscribes.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * const client: RedisGuardStoreClient = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface RedisGuardStoreClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  hGet(key: string, field: string): Promise<unknown>;
}

/**
 * Options of {@link createRedisGuardStore}.
 *
 * @example
 * ```ts
 * createRedisGuardStore({ client, keyPrefix: "billing-agent:sentrail:", settledTtlMs: 7 * 86_400_000 });
 * ```
 */
export interface RedisGuardStoreOptions {
  /** A connected node-redis client (or cluster). The store never opens or closes it. */
  client: RedisGuardStoreClient;
  /**
   * Put before every call key, e.g. `"billing-agent:sentrail:"`. Required: tool-call ids repeat across
   * apps (`call_0`), so two apps on one Redis must not share a prefix, or one app's recorded outcome
   * would answer the other's call.
   */
  keyPrefix: string;
  /** How long a settled outcome is kept, so a retry gets it instead of a second run. Default 24 h. */
  settledTtlMs?: number;
  /**
   * How long an open approval is kept, so any worker can find and resume it. Default 7 days; keep it at
   * least your workspace's approval TTL (24 h unless changed).
   */
  approvalTtlMs?: number;
  /**
   * How long one Redis command may take before the store rejects (the guard then fails closed).
   * Default 5000 ms. Bounds the wait when the client queues commands while it reconnects.
   */
  commandTimeoutMs?: number;
}

const HOUR_MS = 3_600_000;
const DEFAULT_SETTLED_TTL_MS = 24 * HOUR_MS;
const DEFAULT_APPROVAL_TTL_MS = 7 * 24 * HOUR_MS;
const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;

/**
 * A {@link GuardStore} on Redis, for guards in several processes (workers, serverless invocations,
 * replicas) that must run each tool call at most once between them and hand approvals to each other.
 * The claim is one Lua script (`claim-guard-record-script.ts`), so it is atomic across every process
 * that shares the Redis; each record is one hash under `keyPrefix + callKey` with a time to live
 * (`settledTtlMs`, `approvalTtlMs`; in-flight records outlive their owner's lease by `settledTtlMs`).
 *
 * Fails closed: when Redis is down, answers an error, takes longer than `commandTimeoutMs` or holds a
 * record this store cannot read, the store rejects with a {@link RedisGuardStoreError}; the guard then
 * returns `unavailable` (retry safe) and the tool does not run.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createGuard, createSentrailClient } from "@sentrail/client";
 * import { createRedisGuardStore } from "@sentrail/guard-store-redis";
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const guard = createGuard({
 *   client: createSentrailClient({ apiKey: process.env.SENTRAIL_API_KEY! }),
 *   store: createRedisGuardStore({ client: redis, keyPrefix: "billing-agent:sentrail:" }),
 * });
 * ```
 */
export function createRedisGuardStore(options: RedisGuardStoreOptions): GuardStore {
  const { client, keyPrefix } = options;
  if (typeof client?.evalSha !== "function" || typeof client.hGet !== "function") {
    throw new TypeError("createRedisGuardStore needs a node-redis client (createClient from redis)");
  }
  if (typeof keyPrefix !== "string" || keyPrefix === "") {
    throw new TypeError("createRedisGuardStore needs a keyPrefix, e.g. `my-app:sentrail:`");
  }
  const ttls = {
    settledTtlMs: positive("settledTtlMs", options.settledTtlMs ?? DEFAULT_SETTLED_TTL_MS),
    approvalTtlMs: positive("approvalTtlMs", options.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS),
  };
  const commandTimeoutMs = positive(
    "commandTimeoutMs",
    options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
  );
  const sha1 = createHash("sha1").update(CLAIM_GUARD_RECORD_SCRIPT).digest("hex");

  const runClaimScript = async (keys: string[], args: string[]) => {
    try {
      return await client.evalSha(sha1, { keys, arguments: args });
    } catch (error) {
      // Redis forgot the script (restart, SCRIPT FLUSH, failover): EVAL sends it again and caches it.
      // Safe to repeat: a NOSCRIPT reply means the script did not run.
      if (!String((error as { message?: unknown })?.message).startsWith("NOSCRIPT")) throw error;
      return client.eval(CLAIM_GUARD_RECORD_SCRIPT, { keys, arguments: args });
    }
  };

  return {
    async get(callKey) {
      const text = await bounded("get", commandTimeoutMs, client.hGet(keyPrefix + callKey, "record"));
      if (text === null || text === undefined) return undefined;
      try {
        return decodeGuardRecord(String(text));
      } catch (error) {
        throw new RedisGuardStoreError("get", "unreadable", "The guard record in Redis is unreadable", {
          cause: error,
        });
      }
    },
    async claim(callKey, expectedRevision, next: GuardRecord | null) {
      const args = [
        expectedRevision === null ? "0" : "1",
        expectedRevision ?? "",
        next === null ? "del" : "set",
        next?.revision ?? "",
        next === null ? "" : encodeGuardRecord(next),
        next === null ? "0" : String(Math.max(1, toRecordTtlMs(next, ttls, Date.now()))),
      ];
      const won = await bounded("claim", commandTimeoutMs, runClaimScript([keyPrefix + callKey], args));
      return Number(won) === 1;
    },
  };
}

/** The command's answer, or a {@link RedisGuardStoreError} when it fails or takes longer than `timeoutMs`. */
async function bounded<T>(operation: "get" | "claim", timeoutMs: number, command: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new RedisGuardStoreError(operation, "timeout", `Redis did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([command, timeout]);
  } catch (error) {
    if (RedisGuardStoreError.isInstance(error)) throw error;
    throw new RedisGuardStoreError(operation, "redis", `Redis ${operation} failed`, { cause: error });
  } finally {
    clearTimeout(timer);
    // A command that answers after its timeout must not surface as an unhandled rejection.
    command.catch(() => undefined);
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be a positive number`);
  return Math.ceil(value);
}
