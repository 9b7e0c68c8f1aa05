// Which Redis client the store is built on, measured: the claim script's round trip (EVALSHA) through
// node-redis and through ioredis, against one real redis-server on loopback, in the same run.
//
// - sequential: one claim at a time (what one guarded call waits for), median and p99 over rotated rounds;
// - concurrent: 64 claims in flight at once (many calls in one worker), claims per second.
//
// node-redis pipelines commands written in the same tick by default; ioredis does so only with
// `enableAutoPipelining`, so it is measured both ways.
//
// It prints and records; it never asserts.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { measureRotatedRounds } from "../../../scripts/bench/measure-rotated-rounds";
import { CLAIM_GUARD_RECORD_SCRIPT } from "../src/claim-guard-record-script";
import { startRedisServer } from "../test/helpers/start-redis-server";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(packageDir, "../../.bench-results");
const ROUNDS = 5;
const CONCURRENT = 64;
const record = JSON.stringify({
  state: "executing",
  revision: "r1",
  toolName: "list_invoices",
  evaluation: null,
  owner: "6f1c",
  leaseUntil: 0,
});

const server = await startRedisServer();
try {
  const nodeRedis = createClient({ socket: { host: server.host, port: server.port } });
  await nodeRedis.connect();
  const ioredis = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  await ioredis.connect();
  const ioredisPipelined = new Redis({
    host: server.host,
    port: server.port,
    lazyConnect: true,
    enableAutoPipelining: true,
  });
  await ioredisPipelined.connect();
  const sha = await nodeRedis.scriptLoad(CLAIM_GUARD_RECORD_SCRIPT);
  let sequence = 0;
  const argv = () => ["0", "", "set", "r1", record, "60000"];
  const claims = {
    "node-redis 6.4.0": () =>
      nodeRedis.evalSha(sha, { keys: [`bench:node-redis:${sequence++}`], arguments: argv() }),
    "ioredis 6.1.0": () => ioredis.evalsha(sha, 1, `bench:ioredis:${sequence++}`, ...argv()),
    "ioredis 6.1.0, enableAutoPipelining": () =>
      ioredisPipelined.evalsha(sha, 1, `bench:ioredis-pipelined:${sequence++}`, ...argv()),
  };
  for (const [name, claim] of Object.entries(claims)) {
    if (Number(await claim()) !== 1) throw new Error(`${name}: the claim did not win`);
  }
  const sequential = await measureRotatedRounds(claims, { rounds: ROUNDS, timeMs: 1000, warmupMs: 200 });
  const concurrent = await measureRotatedRounds(
    Object.fromEntries(
      Object.entries(claims).map(([name, claim]) => [
        name,
        () => Promise.all(Array.from({ length: CONCURRENT }, claim)),
      ]),
    ),
    { rounds: ROUNDS, timeMs: 1000, warmupMs: 200 },
  );
  await nodeRedis.quit();
  ioredis.disconnect();
  ioredisPipelined.disconnect();

  const rows = sequential.map((row) => {
    const batch = concurrent.find((candidate) => candidate.variant === row.variant)!;
    return {
      client: row.variant,
      "claim median ms": row.p50.toFixed(3),
      "claim p99 ms": row.p99.toFixed(3),
      [`claims/s (${CONCURRENT} in flight)`]: Math.round((CONCURRENT * 1000) / batch.p50),
    };
  });
  console.log(
    `\n@sentrail/guard-store-redis: claim script round trip by client (${process.version}, redis-server on loopback, median of ${ROUNDS} rounds)\n`,
  );
  console.table(rows);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, "guard-store-redis-clients.json"),
    `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`,
  );
} finally {
  await server.close();
}
