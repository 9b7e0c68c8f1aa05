#!/usr/bin/env node
// HTTP throughput of the `sentrail-mock` server: POST /functions/v1/evaluate-action over real HTTP on
// 127.0.0.1 with 32 requests in flight, keep-alive, against the built command (dist/cli.js) running
// the demo seed in its own process (so the load generator does not share the server's event loop).
// Targets on the 2-core reference machine: ≥ 1,000 req/s, p99 ≤ 25 ms. It prints and records; it never
// asserts. The load is bounded both in count and in time, and targets loopback only.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(packageDir, "../../.bench-results");
/** The demo seed's all-scope key (src/node/demo-seed.ts). */
const DEMO_API_KEY = "agk_e54aaf2e457974092df6cc101318fa112078afe7";
const BODY = JSON.stringify({
  tool: "github",
  action: "issues.create",
  riskLevel: "medium",
  agentId: "bench-agent",
  resourceType: "issue",
  resourceId: "acme/demo",
  payload: { title: "Benchmark issue", body: "Created by the HTTP throughput benchmark." },
});

/**
 * Runs the benchmark and resolves with its figures.
 *
 * @param {{ concurrency?: number, maxRequests?: number, maxSeconds?: number, warmupRequests?: number }} [options]
 */
export async function runHttpThroughputBench(options = {}) {
  const concurrency = options.concurrency ?? 32;
  const maxRequests = options.maxRequests ?? 20_000;
  const maxSeconds = options.maxSeconds ?? 10;
  const warmupRequests = options.warmupRequests ?? 1_000;

  const server = await startServer();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const url = new URL(`${server.origin}/functions/v1/evaluate-action`);
    // Warm-up: JIT, connection pool, first allocations. Not measured.
    await load(url, agent, { concurrency, maxRequests: warmupRequests, maxSeconds });
    const measured = await load(url, agent, { concurrency, maxRequests, maxSeconds });
    const sorted = [...measured.latencies].sort((left, right) => left - right);
    const percentile = (p) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
    const result = {
      node: process.version,
      endpoint: "POST /functions/v1/evaluate-action",
      concurrency,
      requests: measured.completed,
      errors: measured.errors,
      seconds: Number(measured.seconds.toFixed(3)),
      requestsPerSecond: Math.round(measured.completed / measured.seconds),
      latencyMs: {
        p50: Number(percentile(50).toFixed(2)),
        p95: Number(percentile(95).toFixed(2)),
        p99: Number(percentile(99).toFixed(2)),
        max: Number((sorted.at(-1) ?? 0).toFixed(2)),
      },
      targets: { requestsPerSecond: 1_000, p99Ms: 25 },
    };
    print(result);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, "mock-server-http-throughput.json"),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    return result;
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/** Starts `node dist/cli.js --port 0 --quiet` (demo seed) and reads its origin from the listening line. */
async function startServer() {
  const child = spawn(process.execPath, [join(packageDir, "dist/cli.js"), "--port", "0", "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sentrail-mock did not start:\n${output}`)), 15_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sentrail-mock exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    origin,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}

/** Closed-loop load: `concurrency` workers each send the next request when the previous one is answered. */
async function load(url, agent, { concurrency, maxRequests, maxSeconds }) {
  const latencies = [];
  let started = 0;
  let completed = 0;
  let errors = 0;
  const begin = performance.now();
  const deadline = begin + maxSeconds * 1_000;
  const worker = async () => {
    while (started < maxRequests && performance.now() < deadline) {
      started += 1;
      const sent = performance.now();
      const status = await post(url, agent);
      latencies.push(performance.now() - sent);
      completed += 1;
      if (status !== 200) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, completed, errors, seconds: (performance.now() - begin) / 1_000 };
}

function post(url, agent) {
  return new Promise((resolve) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${DEMO_API_KEY}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(BODY),
          "x-agent-id": "bench-agent",
        },
      },
      (incoming) => {
        incoming.resume();
        incoming.on("end", () => resolve(incoming.statusCode ?? 0));
        incoming.on("error", () => resolve(0));
      },
    );
    outgoing.on("error", () => resolve(0));
    outgoing.end(BODY);
  });
}

function print(result) {
  const { latencyMs: latency } = result;
  console.log(
    `\n@sentrail/mock-server: HTTP throughput, ${result.endpoint} on 127.0.0.1 (${result.concurrency} concurrent, keep-alive, ${result.node})`,
  );
  console.log(`  ${result.requests} requests in ${result.seconds.toFixed(2)} s, ${result.errors} errors`);
  console.log(`  throughput ${result.requestsPerSecond} req/s (target ≥ 1,000)`);
  console.log(
    `  latency p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms (target p99 ≤ 25 ms)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runHttpThroughputBench();
}
