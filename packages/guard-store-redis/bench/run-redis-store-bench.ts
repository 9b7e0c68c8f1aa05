// `npm run bench` for @sentrail/guard-store-redis, against a real redis-server it starts on a free
// loopback port (the tests' helper):
//
// 1. the guard's latency per allowed call (stubbed evaluate answer, no HTTP) with the memory store and
//    with the Redis store, in the same run, rotated rounds: what Redis adds at the median
//    (target ≤ 1 ms on loopback);
// 2. throughput of distinct calls through 4 worker processes sharing the Redis (and 1, for scale);
// 3. the claim round trip through node-redis and ioredis (bench/compare-redis-clients.bench.ts), the
//    measurement behind the choice of client.
//
// It prints and records to .bench-results/; it never asserts (a slow machine must not fail a build).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createGuard,
  createMemoryGuardStore,
  createSentrailClient,
  type EvaluateActionResult,
} from "@sentrail/client";
import { createClient } from "redis";
import { measureRotatedRounds } from "../../../scripts/bench/measure-rotated-rounds";
import { createRedisGuardStore } from "../src/create-redis-guard-store";
import { startRedisServer } from "../test/helpers/start-redis-server";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(packageDir, "../../.bench-results");
const ROUNDS = 5;
const CALLS_PER_WORKER = 2_000;
const CONCURRENCY = 16;

const answer: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Allow listing' matched",
  matchedPolicyId: null,
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
};
const client = createSentrailClient({
  apiKey: "agk_0123456789abcdef0123456789abcdef01234567",
  baseUrl: "http://127.0.0.1:9/functions/v1",
});

const server = await startRedisServer();
try {
  const redis = createClient({ url: server.url });
  redis.on("error", () => undefined);
  await redis.connect();
  const memoryGuard = createGuard({
    client,
    evaluate: async () => answer,
    store: createMemoryGuardStore({ maxEntries: 10_000 }),
  });
  const redisGuard = createGuard({
    client,
    evaluate: async () => answer,
    store: createRedisGuardStore({ client: redis, keyPrefix: "bench-latency:" }),
  });
  const input = { month: "2025-01", customer: "cus_42", limit: 50 };
  let sequence = 0;
  const variants = {
    "guard.run allowed, memory store (stubbed evaluate)": () =>
      memoryGuard.run({ toolName: "list_invoices", input, toolCallId: `call-${sequence++}` }, () => "ok"),
    "guard.run allowed, Redis store (stubbed evaluate)": () =>
      redisGuard.run({ toolName: "list_invoices", input, toolCallId: `call-${sequence++}` }, () => "ok"),
  };
  for (const [name, run] of Object.entries(variants)) {
    if ((await run()).status !== "executed") throw new Error(`${name} did not run the allowed call`);
  }
  const rows = await measureRotatedRounds(variants, { rounds: ROUNDS, timeMs: 1000, warmupMs: 200 });
  await redis.quit();
  const ms = (value: number) => value.toFixed(3);
  const [memory, onRedis] = rows as [(typeof rows)[0], (typeof rows)[0]];
  console.log(
    `\n@sentrail/guard-store-redis: guard latency per allowed call (${process.version}; redis-server on loopback; median of ${ROUNDS} rounds, ms)\n`,
  );
  console.table(
    rows.map((row) => ({
      variant: row.variant,
      samples: row.samples,
      "median ms": ms(row.p50),
      "p99 ms": ms(row.p99),
    })),
  );

  const throughput = [];
  for (const workers of [1, 4]) {
    const startAt = Date.now() + 2_000;
    const reports = await Promise.all(
      Array.from({ length: workers }, (_, index) =>
        runWorker({
          redisUrl: server.url,
          keyPrefix: `bench-throughput-${workers}-${index}:`,
          calls: CALLS_PER_WORKER,
          concurrency: CONCURRENCY,
          startAt,
        }),
      ),
    );
    const calls = reports.reduce((sum, report) => sum + report.executed, 0);
    const slowest = Math.max(...reports.map((report) => report.elapsedMs));
    throughput.push({
      workers,
      "calls executed": calls,
      "in flight per worker": CONCURRENCY,
      "wall ms": Math.round(slowest),
      "calls/s": Math.round((calls * 1000) / slowest),
    });
  }
  console.log(
    `\n@sentrail/guard-store-redis: distinct allowed calls through worker processes sharing one Redis\n`,
  );
  console.table(throughput);
  console.log(
    `\nsummary: the Redis store adds ${ms(onRedis.p50 - memory.p50)} ms at the median per allowed call ` +
      `(memory ${ms(memory.p50)} ms, Redis ${ms(onRedis.p50)} ms; target ≤ 1 ms added on loopback); ` +
      `4 workers: ${throughput.at(-1)?.["calls/s"]} calls/s`,
  );
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, "guard-store-redis.json"),
    `${JSON.stringify({ node: process.version, latency: rows, throughput }, null, 2)}\n`,
  );
} finally {
  await server.close();
}

// The client comparison runs in its own process, so its connections cannot disturb the figures above.
const comparison = spawnSync(
  process.execPath,
  ["--import", "tsx", join(packageDir, "bench", "compare-redis-clients.bench.ts")],
  { cwd: packageDir, stdio: "inherit" },
);
if (comparison.status !== 0) throw new Error(`compare-redis-clients exited with ${comparison.status}`);

function runWorker(options: Record<string, unknown>): Promise<{ executed: number; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(packageDir, "bench", "throughput-worker.ts"), JSON.stringify(options)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}"));
      else reject(new Error(`throughput worker exited with ${code}`));
    });
  });
}
