import { randomUUID } from "node:crypto";
import {
  createGuard,
  createSentrailClient,
  type EvaluateActionResult,
  type GuardOutcome,
  type GuardRecord,
} from "@sentrail/client";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeGuardStoreContract,
  executingRecord,
} from "../../client/test/helpers/describe-guard-store-contract";
import { createRedisGuardStore } from "../src/create-redis-guard-store";
import { NOT_STORED_RESULT } from "../src/decode-guard-record";
import { RedisGuardStoreError } from "../src/redis-guard-store-error";
import { type RunningRedisServer, startRedisServer } from "./helpers/start-redis-server";

// The Redis store against a real redis-server on a free loopback port: the same contract suite as the
// memory and file stores, what it keeps (JSON, TTLs, prefixes), and how it fails (closed).

const open = (url: string, options: { disableOfflineQueue?: boolean }) => createClient({ url, ...options });
type Client = ReturnType<typeof open>;
const HOUR_MS = 3_600_000;
let server: RunningRedisServer;
let client: Client;
const clients: Client[] = [];

async function connect(url: string, options: { disableOfflineQueue?: boolean } = {}): Promise<Client> {
  const connected = open(url, options);
  connected.on("error", () => undefined);
  await connected.connect();
  clients.push(connected);
  return connected;
}

beforeAll(async () => {
  server = await startRedisServer();
  client = await connect(server.url);
});
afterAll(async () => {
  for (const connected of clients) connected.destroy();
  await server.close();
});

const freshStore = () => createRedisGuardStore({ client, keyPrefix: `contract-${randomUUID()}:` });
describeGuardStoreContract("createRedisGuardStore", freshStore);

const allow: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Allow listing' matched",
  matchedPolicyId: null,
  auditLogId: randomUUID(),
  correlationId: randomUUID(),
};

function settledRecord(outcome: Partial<GuardOutcome>): GuardRecord {
  return {
    state: "settled",
    revision: randomUUID(),
    outcome: {
      toolName: "refund",
      callKey: "k",
      mode: "enforce",
      decision: "allow",
      sideEffect: "executed",
      retrySafe: false,
      message: "done",
      reason: "ok",
      auditLogId: null,
      correlationId: null,
      approvalRequestId: null,
      matchedPolicyId: null,
      wait: null,
      resume: null,
      error: null,
      status: "executed",
      result: null,
      via: "guard",
      ranAlthough: null,
      ...outcome,
    } as GuardOutcome,
  };
}

describe("createRedisGuardStore", () => {
  it("keeps settled records for settledTtlMs, open approvals for approvalTtlMs, and in-flight ones past their lease", async () => {
    const keyPrefix = `ttl-${randomUUID()}:`;
    const store = createRedisGuardStore({
      client,
      keyPrefix,
      settledTtlMs: HOUR_MS,
      approvalTtlMs: 2 * HOUR_MS,
    });
    await store.claim("settled", null, settledRecord({}));
    await store.claim("awaiting", null, {
      state: "awaiting_approval",
      revision: "a1",
      toolName: "refund",
      tool: "internal_api",
      evaluation: { ...allow, decision: "require_approval", approvalRequestId: randomUUID() },
    });
    const leaseUntil = Date.now() + 30_000;
    await store.claim("executing", null, { ...executingRecord("e1"), leaseUntil } as GuardRecord);
    const settledTtl = await client.pTTL(`${keyPrefix}settled`);
    const awaitingTtl = await client.pTTL(`${keyPrefix}awaiting`);
    const executingTtl = await client.pTTL(`${keyPrefix}executing`);
    expect(settledTtl).toBeGreaterThan(HOUR_MS - 60_000);
    expect(settledTtl).toBeLessThanOrEqual(HOUR_MS);
    expect(awaitingTtl).toBeGreaterThan(2 * HOUR_MS - 60_000);
    expect(awaitingTtl).toBeLessThanOrEqual(2 * HOUR_MS);
    // The lease's remainder plus a settled record's window: never gone while the owner may be alive.
    expect(executingTtl).toBeGreaterThan(HOUR_MS);
    expect(executingTtl).toBeLessThanOrEqual(HOUR_MS + 30_000);
  });

  it("defaults to 24 h for settled records and 7 days for open approvals", async () => {
    const keyPrefix = `defaults-${randomUUID()}:`;
    const store = createRedisGuardStore({ client, keyPrefix });
    await store.claim("settled", null, settledRecord({}));
    await store.claim("awaiting", null, {
      state: "awaiting_approval",
      revision: "a1",
      toolName: "refund",
      tool: "internal_api",
      evaluation: { ...allow, decision: "require_approval", approvalRequestId: randomUUID() },
    });
    expect(await client.pTTL(`${keyPrefix}settled`)).toBeGreaterThan(23 * HOUR_MS);
    expect(await client.pTTL(`${keyPrefix}settled`)).toBeLessThanOrEqual(24 * HOUR_MS);
    expect(await client.pTTL(`${keyPrefix}awaiting`)).toBeGreaterThan(167 * HOUR_MS);
    expect(await client.pTTL(`${keyPrefix}awaiting`)).toBeLessThanOrEqual(168 * HOUR_MS);
  });

  it("keeps two apps apart by key prefix, even for the same call key", async () => {
    const billing = createRedisGuardStore({ client, keyPrefix: "billing-agent:sentrail:" });
    const support = createRedisGuardStore({ client, keyPrefix: "support-agent:sentrail:" });
    expect(await billing.claim("call_0:abc", null, executingRecord("b1"))).toBe(true);
    expect(await support.get("call_0:abc")).toBeUndefined();
    expect(await support.claim("call_0:abc", null, executingRecord("s1"))).toBe(true);
    expect(await billing.get("call_0:abc")).toEqual(executingRecord("b1"));
    expect(await client.exists("billing-agent:sentrail:call_0:abc")).toBe(1);
  });

  it("stores results as JSON, errors as redacted { name, message }, and a result JSON cannot hold as a fixed text", async () => {
    const keyPrefix = `serialise-${randomUUID()}:`;
    const store = createRedisGuardStore({ client, keyPrefix });
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    await store.claim("json", null, settledRecord({ result: { refunded: 42, at: new Date(0) } }));
    await store.claim("nothing", null, settledRecord({ result: undefined }));
    await store.claim("cyclic", null, settledRecord({ result: cyclic }));
    await store.claim("big", null, settledRecord({ result: 10n }));
    const thrown = new TypeError("upstream refused agk_0123456789abcdef0123456789abcdef01234567");
    await store.claim(
      "failed",
      null,
      settledRecord({ status: "failed", sideEffect: "unknown", error: thrown } as Partial<GuardOutcome>),
    );
    const outcome = async (key: string) =>
      ((await store.get(key)) as Extract<GuardRecord, { state: "settled" }>).outcome as unknown as Record<
        string,
        unknown
      >;
    expect((await outcome("json")).result).toEqual({ refunded: 42, at: "1970-01-01T00:00:00.000Z" });
    expect(await outcome("nothing")).toHaveProperty("result", undefined);
    expect((await outcome("cyclic")).result).toBe(NOT_STORED_RESULT);
    expect((await outcome("big")).result).toBe(NOT_STORED_RESULT);
    const failed = await outcome("failed");
    expect(failed.error).toEqual({ name: "TypeError", message: expect.not.stringContaining("agk_0123") });
    expect(failed).not.toHaveProperty("result");
    expect(await client.hGet(`${keyPrefix}failed`, "record")).not.toContain("agk_0123");
  });

  it("sends the script again when Redis has forgotten it (NOSCRIPT after SCRIPT FLUSH)", async () => {
    const store = freshStore();
    expect(await store.claim("k", null, executingRecord("r1"))).toBe(true);
    await client.scriptFlush();
    expect(await store.claim("k", "r1", executingRecord("r2"))).toBe(true);
    expect(await store.claim("k", "r1", executingRecord("r3"))).toBe(false);
    expect(await store.get("k")).toEqual(executingRecord("r2"));
  });

  it("rejects a record it did not write, so the guard fails closed instead of guessing", async () => {
    const keyPrefix = `foreign-${randomUUID()}:`;
    const store = createRedisGuardStore({ client, keyPrefix });
    await client.hSet(`${keyPrefix}hash`, { revision: "r1", record: "{not json" });
    await client.set(`${keyPrefix}string`, "hello");
    await expect(store.get("hash")).rejects.toMatchObject({
      name: "RedisGuardStoreError",
      kind: "unreadable",
    });
    await expect(store.claim("string", "r1", null)).rejects.toMatchObject({
      name: "RedisGuardStoreError",
      operation: "claim",
      kind: "redis",
    });
  });

  it("refuses options that would share or break records", () => {
    expect(() => createRedisGuardStore({ client, keyPrefix: "" })).toThrow(TypeError);
    expect(() => createRedisGuardStore({ client, keyPrefix: "a:", settledTtlMs: 0 })).toThrow(RangeError);
    expect(() => createRedisGuardStore({ client: {} as never, keyPrefix: "a:" })).toThrow(
      /node-redis client/,
    );
  });
});

describe("createRedisGuardStore when Redis is down", () => {
  let down: RunningRedisServer;
  let offlineQueue: Client;
  let noOfflineQueue: Client;
  beforeAll(async () => {
    down = await startRedisServer();
    offlineQueue = await connect(down.url);
    noOfflineQueue = await connect(down.url, { disableOfflineQueue: true });
    await down.stop();
  });
  afterAll(() => down.close());

  const guardOn = (store: ReturnType<typeof createRedisGuardStore>) =>
    createGuard({
      client: createSentrailClient({
        apiKey: "agk_0123456789abcdef0123456789abcdef01234567",
        baseUrl: "http://127.0.0.1:9/functions/v1",
      }),
      evaluate: async () => allow,
      store,
    });

  it("fails closed: the store rejects, the guard returns unavailable (retry safe) and the tool does not run", async () => {
    const store = createRedisGuardStore({ client: noOfflineQueue, keyPrefix: "down:" });
    await expect(store.get("k")).rejects.toSatisfy(
      (error) =>
        RedisGuardStoreError.isInstance(error) && error.kind === "redis" && error.operation === "get",
    );
    await expect(store.claim("k", null, executingRecord("r1"))).rejects.toMatchObject({
      name: "RedisGuardStoreError",
      operation: "claim",
    });
    let ran = 0;
    const outcome = await guardOn(store).run(
      { toolName: "refund", input: { id: 1 }, toolCallId: "c1" },
      () => {
        ran++;
        return "refunded";
      },
    );
    expect(outcome).toMatchObject({ status: "unavailable", sideEffect: "not_started", retrySafe: true });
    expect(RedisGuardStoreError.isInstance(outcome.error)).toBe(true);
    expect(ran).toBe(0);
  });

  it("bounds a command the client queues while it reconnects by commandTimeoutMs, then fails closed", async () => {
    const store = createRedisGuardStore({ client: offlineQueue, keyPrefix: "down:", commandTimeoutMs: 200 });
    await expect(store.get("k")).rejects.toMatchObject({ name: "RedisGuardStoreError", kind: "timeout" });
    let ran = 0;
    const outcome = await guardOn(store).run(
      { toolName: "refund", input: { id: 2 }, toolCallId: "c2" },
      () => {
        ran++;
        return "refunded";
      },
    );
    expect(outcome).toMatchObject({ status: "unavailable", retrySafe: true });
    expect(ran).toBe(0);
  });
});
