// A LangGraph checkpointer on Redis, for the multi-process tests of the interrupt mode: every worker
// process opens its own saver on the one redis-server, so a thread that one process paused is there for
// the next. LangGraph ships no Redis saver in this repo's dependencies; this one keeps only what the
// tests need (checkpoints, pending writes, list, delete) and stores LangGraph's own serde output.
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  type PendingWrite,
  type SerializerProtocol,
  WRITES_IDX_MAP,
  writesSortKey,
} from "@langchain/langgraph-checkpoint";
import { createClient } from "redis";

/**
 * A node-redis client (`createClient` from `redis` 6) of the type the saver takes; connect it yourself
 * (the saver never connects or quits it). It is a plain client: the guard store can share it.
 *
 * @example
 * ```ts
 * const redis = await createCheckpointRedisClient(url).connect();
 * ```
 */
export function createCheckpointRedisClient(url: string) {
  return createClient({ url });
}

/** A client from {@link createCheckpointRedisClient}. */
export type CheckpointRedisClient = ReturnType<typeof createCheckpointRedisClient>;

/** A pending write as stored: the serde's type tag and bytes (base64), plus where it sorts. */
interface StoredWrite {
  taskId: string;
  channel: string;
  type: string;
  value: string;
  taskPath: string;
}

/**
 * A `BaseCheckpointSaver` that keeps checkpoints and pending writes in Redis under `keyPrefix`:
 *
 * - `checkpoint:[thread, ns, id]`: a hash with the serialised checkpoint and metadata
 *   (`serde.dumpsTyped`: type tag + bytes, base64) and the parent checkpoint id;
 * - `checkpoints:[thread, ns]`: the set of checkpoint ids (uuid6: sorted as text, newest last);
 * - `writes:[thread, ns, id]`: a hash of pending writes, field `taskId,idx` (as `MemorySaver`: a
 *   regular write, `idx >= 0`, is kept if already there; a special one, `idx < 0`, replaces it);
 * - `namespaces:thread` and `threads`: what `list` and `deleteThread` walk.
 *
 * A checkpoint and its index entry are written in one MULTI, so another process never reads an id
 * without its checkpoint. Redis errors reject (LangGraph then fails the run).
 *
 * @example
 * ```ts
 * const redis = await createClient({ url }).connect();
 * const agent = createAgent({ model, tools, checkpointer: new RedisCheckpointSaver(redis, "test:cp:") });
 * ```
 */
export class RedisCheckpointSaver extends BaseCheckpointSaver {
  constructor(
    private readonly client: CheckpointRedisClient,
    private readonly keyPrefix: string,
    serde?: SerializerProtocol,
  ) {
    super(serde);
  }

  private key(kind: string, ...parts: string[]): string {
    return `${this.keyPrefix}${kind}:${JSON.stringify(parts)}`;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return undefined;
    const namespace = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const requested = getCheckpointId(config);
    const checkpointId = requested || (await this.checkpointIds(threadId, namespace)).at(-1);
    if (!checkpointId) return undefined;
    const tupleConfig = requested
      ? config
      : { configurable: { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: checkpointId } };
    return this.readTuple(threadId, namespace, checkpointId, tupleConfig);
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let { limit } = options;
    const configThread = config.configurable?.thread_id as string | undefined;
    const configNamespace = config.configurable?.checkpoint_ns as string | undefined;
    const configId = config.configurable?.checkpoint_id as string | undefined;
    const beforeId = before?.configurable?.checkpoint_id as string | undefined;
    const threads = configThread ? [configThread] : await this.client.sMembers(`${this.keyPrefix}threads`);
    for (const threadId of threads) {
      const namespaces = await this.client.sMembers(this.key("namespaces", threadId));
      for (const namespace of namespaces) {
        if (configNamespace !== undefined && namespace !== configNamespace) continue;
        const ids = (await this.checkpointIds(threadId, namespace)).reverse();
        for (const checkpointId of ids) {
          if (configId && checkpointId !== configId) continue;
          if (beforeId && checkpointId >= beforeId) continue;
          const tupleConfig = {
            configurable: { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: checkpointId },
          };
          const tuple = await this.readTuple(threadId, namespace, checkpointId, tupleConfig);
          if (!tuple) continue;
          const metadata = (tuple.metadata ?? {}) as Record<string, unknown>;
          if (filter && !Object.entries(filter).every(([key, value]) => metadata[key] === value)) continue;
          if (limit !== undefined) {
            if (limit <= 0) return;
            limit -= 1;
          }
          yield tuple;
        }
      }
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    _newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) throw new Error("RedisCheckpointSaver.put: the config has no thread_id");
    const namespace = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const parentId = (config.configurable?.checkpoint_id as string | undefined) ?? "";
    const [[checkpointType, checkpointBytes], [metadataType, metadataBytes]] = await Promise.all([
      this.serde.dumpsTyped(copyCheckpoint(checkpoint)),
      this.serde.dumpsTyped(metadata),
    ]);
    await this.client
      .multi()
      .hSet(this.key("checkpoint", threadId, namespace, checkpoint.id), {
        checkpointType,
        checkpoint: toBase64(checkpointBytes),
        metadataType,
        metadata: toBase64(metadataBytes),
        parent: parentId,
      })
      .sAdd(this.key("checkpoints", threadId, namespace), checkpoint.id)
      .sAdd(this.key("namespaces", threadId), namespace)
      .sAdd(`${this.keyPrefix}threads`, threadId)
      .exec();
    return { configurable: { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: checkpoint.id } };
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath = "",
  ): Promise<void> {
    const threadId = config.configurable?.thread_id as string | undefined;
    const namespace = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (threadId === undefined || checkpointId === undefined) {
      throw new Error("RedisCheckpointSaver.putWrites: the config has no thread_id or checkpoint_id");
    }
    const key = this.key("writes", threadId, namespace, checkpointId);
    await Promise.all(
      writes.map(async ([channel, value], index) => {
        const [type, bytes] = await this.serde.dumpsTyped(value);
        const idx = WRITES_IDX_MAP[channel] ?? index;
        const stored: StoredWrite = { taskId, channel, type, value: toBase64(bytes), taskPath };
        const field = `${taskId},${idx}`;
        // As MemorySaver: a regular write is written once; a special one (error, interrupt, resume) replaces.
        if (idx >= 0) await this.client.hSetNX(key, field, JSON.stringify(stored));
        else await this.client.hSet(key, field, JSON.stringify(stored));
      }),
    );
  }

  async deleteThread(threadId: string): Promise<void> {
    const keys = [this.key("namespaces", threadId)];
    for (const namespace of await this.client.sMembers(this.key("namespaces", threadId))) {
      keys.push(this.key("checkpoints", threadId, namespace));
      for (const checkpointId of await this.checkpointIds(threadId, namespace)) {
        keys.push(this.key("checkpoint", threadId, namespace, checkpointId));
        keys.push(this.key("writes", threadId, namespace, checkpointId));
      }
    }
    await this.client.multi().del(keys).sRem(`${this.keyPrefix}threads`, threadId).exec();
  }

  /** The thread's checkpoint ids in this namespace, oldest first (uuid6 ids sort by time as text). */
  private async checkpointIds(threadId: string, namespace: string): Promise<string[]> {
    const ids = await this.client.sMembers(this.key("checkpoints", threadId, namespace));
    return ids.sort();
  }

  private async readTuple(
    threadId: string,
    namespace: string,
    checkpointId: string,
    config: RunnableConfig,
  ): Promise<CheckpointTuple | undefined> {
    const [saved, writes] = await Promise.all([
      this.client.hGetAll(this.key("checkpoint", threadId, namespace, checkpointId)),
      this.client.hGetAll(this.key("writes", threadId, namespace, checkpointId)),
    ]);
    if (saved.checkpoint === undefined || saved.checkpointType === undefined) return undefined;
    const tuple: CheckpointTuple = {
      config,
      checkpoint: await this.serde.loadsTyped(saved.checkpointType, fromBase64(saved.checkpoint)),
      metadata: await this.serde.loadsTyped(saved.metadataType ?? "json", fromBase64(saved.metadata ?? "")),
      pendingWrites: await this.readWrites(writes),
    };
    if (saved.parent) {
      tuple.parentConfig = {
        configurable: { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: saved.parent },
      };
    }
    return tuple;
  }

  /** Pending writes in LangGraph's order (`writesSortKey`: task path, task id, index). */
  private async readWrites(fields: Record<string, string>): Promise<CheckpointPendingWrite[]> {
    const entries = Object.entries(fields).map(([field, text]) => {
      const stored = JSON.parse(text) as StoredWrite;
      const idx = Number(field.slice(field.lastIndexOf(",") + 1));
      return { sortKey: writesSortKey(stored.taskPath, stored.taskId, idx), stored };
    });
    entries.sort((a, b) => compareWritesSortKeys(a.sortKey, b.sortKey));
    return Promise.all(
      entries.map(
        async ({ stored }): Promise<CheckpointPendingWrite> => [
          stored.taskId,
          stored.channel,
          await this.serde.loadsTyped(stored.type, fromBase64(stored.value)),
        ],
      ),
    );
  }
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"));
}
