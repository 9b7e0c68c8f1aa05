// One worker process of the multi-process tests: its own guard and its own node-redis client on the
// shared Redis, runs the call it is given once the start time comes, and prints the outcome as one
// JSON line. Usage: node --import tsx redis-guard-worker.ts <json options>
import { appendFile } from "node:fs/promises";
import { createGuard, createSentrailClient, type GuardApprovalHandle } from "@sentrail/client";
import { createClient } from "redis";
import { createRedisGuardStore } from "../../src/create-redis-guard-store";

export interface RedisGuardWorkerOptions {
  baseUrl: string;
  apiKey: string;
  redisUrl: string;
  keyPrefix: string;
  executionsFile: string;
  startAt: number;
  call: { toolName: string; input: unknown; toolCallId: string };
  /** The store's bound on one Redis command (default 10 s). */
  commandTimeoutMs?: number;
  /** The guard's lease (default: the guard's 30 s). */
  leaseMs?: number;
  /** `execute` never returns (the test kills the process that runs it). */
  hang?: boolean;
  /** Look at the approval once instead of waiting (prints the outcome with its `resume` handle). */
  approvalTimeoutMs?: number;
  /** Take over this handle instead of running the call. */
  resume?: GuardApprovalHandle;
}

const options = JSON.parse(process.argv[2] ?? "{}") as RedisGuardWorkerOptions;
const redis = createClient({ url: options.redisUrl });
// Without a listener, a lost connection would crash the worker; the store reports failures itself.
redis.on("error", () => undefined);
await redis.connect();
const guard = createGuard({
  client: createSentrailClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    agentId: `worker-${process.pid}`,
  }),
  store: createRedisGuardStore({
    client: redis,
    keyPrefix: options.keyPrefix,
    commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
  }),
  polling: { initialDelayMs: 50, maxDelayMs: 200 },
  ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
});

await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.startAt - Date.now())));
const execute = async () => {
  await appendFile(options.executionsFile, `${process.pid}\n`);
  if (options.hang) await new Promise((resolve) => setTimeout(resolve, 120_000));
  // Long enough that every other worker reads the call while it is executing.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { executedBy: process.pid };
};
const outcome = options.resume
  ? await guard.resume(options.resume, options.call.input, execute)
  : await guard.run(
      options.call,
      execute,
      options.approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs: options.approvalTimeoutMs },
    );
process.stdout.write(`${JSON.stringify(outcome)}\n`);
await redis.quit();
