#!/usr/bin/env node
// HTTP throughput of the `sentrail-mock` server beside a bare `node:http` baseline, in the same run:
// POST /functions/v1/evaluate-action over real HTTP on 127.0.0.1 with 32 requests in flight, keep-alive.
// Each server runs in its own process (so the load generator does not share its event loop):
//   - baseline: bench/bare-json-server.mjs (reads the body, parses the JSON, answers a small JSON);
//   - mock:     the built command (dist/cli.js, demo seed);
//   - previous: optionally, another build of the command, to print this version beside the previous one:
//       SENTRAIL_MOCK_PREVIOUS_DIR=/tmp/mock-head/packages/mock-server npm run bench -- http
// The servers take turns (rounds interleaved, so drift of the machine hits all alike). Printed per
// server: req/s, p50, p95, p99, and for the mocks the ratio against the baseline (req/s and p99) and the
// server's RSS growth per 100,000 audit rows (RSS after the runs minus RSS after warm-up, divided by the
// audit rows written in between, as counted by GET /__mock/state). Targets (issue 12): ≥ 50 % of the
// baseline's req/s, p99 ≤ 2× the baseline's. It prints and records; it never asserts. The load is
// bounded in count and in time, and targets loopback only.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
const TARGETS = { requestsPerSecondRatio: 0.5, p99Ratio: 2 };

/**
 * Runs the benchmark and resolves with its figures.
 *
 * @param {{ concurrency?: number, rounds?: number, requestsPerRound?: number, secondsPerRound?: number,
 *   warmupRequests?: number, previousDir?: string | null }} [options]
 */
export async function runHttpThroughputBench(options = {}) {
  const concurrency = options.concurrency ?? 32;
  const rounds = options.rounds ?? 3;
  const requestsPerRound = options.requestsPerRound ?? 15_000;
  const secondsPerRound = options.secondsPerRound ?? 5;
  const warmupRequests = options.warmupRequests ?? 2_000;
  const previousDir = options.previousDir ?? process.env.SENTRAIL_MOCK_PREVIOUS_DIR ?? null;

  const contenders = [
    { name: "bare node:http", kind: "baseline", command: [join(packageDir, "bench/bare-json-server.mjs")] },
    {
      name: "sentrail-mock (this build)",
      kind: "mock",
      command: [join(packageDir, "dist/cli.js"), "--port", "0", "--quiet"],
    },
  ];
  if (previousDir) {
    contenders.push({
      name: `sentrail-mock (previous: ${previousDir})`,
      kind: "mock",
      command: [join(previousDir, "dist/cli.js"), "--port", "0", "--quiet"],
    });
  }

  const running = [];
  try {
    for (const contender of contenders) {
      const server = await startServer(contender.command);
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      running.push({
        ...contender,
        server,
        agent,
        url: new URL(`${server.origin}/functions/v1/evaluate-action`),
      });
    }
    // Warm-up: JIT, connection pool, first allocations. Not measured.
    for (const entry of running) {
      await load(entry.url, entry.agent, {
        concurrency,
        maxRequests: warmupRequests,
        maxSeconds: secondsPerRound,
      });
      entry.rssAfterWarmup = readRss(entry.server.pid);
      entry.auditRowsAfterWarmup = entry.kind === "mock" ? await countAuditRows(entry.server.origin) : 0;
      entry.latencies = [];
      entry.cpuSeconds = 0;
      entry.completed = 0;
      entry.errors = 0;
      entry.seconds = 0;
    }
    for (let round = 0; round < rounds; round++) {
      for (const entry of running) {
        const cpuBefore = readCpuSeconds(entry.server.pid);
        const measured = await load(entry.url, entry.agent, {
          concurrency,
          maxRequests: requestsPerRound,
          maxSeconds: secondsPerRound,
        });
        const cpuAfter = readCpuSeconds(entry.server.pid);
        entry.cpuSeconds =
          cpuBefore === null || cpuAfter === null ? null : entry.cpuSeconds + cpuAfter - cpuBefore;
        for (const latency of measured.latencies) entry.latencies.push(latency);
        entry.completed += measured.completed;
        entry.errors += measured.errors;
        entry.seconds += measured.seconds;
      }
    }
    const results = [];
    for (const entry of running) {
      const rss = readRss(entry.server.pid);
      const auditRows =
        entry.kind === "mock" ? (await countAuditRows(entry.server.origin)) - entry.auditRowsAfterWarmup : 0;
      results.push(summarise(entry, rss, auditRows));
    }
    const baseline = results[0];
    for (const result of results.slice(1)) {
      result.ratio = {
        requestsPerSecond: round3(result.requestsPerSecond / baseline.requestsPerSecond),
        p99: round3(result.latencyMs.p99 / baseline.latencyMs.p99),
        cpuPerRequest:
          result.cpuMsPerRequest === null || !baseline.cpuMsPerRequest
            ? null
            : round3(result.cpuMsPerRequest / baseline.cpuMsPerRequest),
      };
    }
    const report = {
      node: process.version,
      endpoint: "POST /functions/v1/evaluate-action",
      concurrency,
      rounds,
      targets: TARGETS,
      results,
    };
    print(report);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, "mock-server-http-throughput.json"),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    return report;
  } finally {
    for (const entry of running) {
      entry.agent.destroy();
      await entry.server.stop();
    }
  }
}

function summarise(entry, rss, auditRows) {
  const sorted = entry.latencies.sort((left, right) => left - right);
  const percentile = (p) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
  const rssGrowth = rss !== null && entry.rssAfterWarmup !== null ? rss - entry.rssAfterWarmup : null;
  return {
    name: entry.name,
    kind: entry.kind,
    requests: entry.completed,
    errors: entry.errors,
    seconds: round3(entry.seconds),
    requestsPerSecond: Math.round(entry.completed / entry.seconds),
    latencyMs: {
      p50: round2(percentile(50)),
      p95: round2(percentile(95)),
      p99: round2(percentile(99)),
      max: round2(sorted.at(-1) ?? 0),
    },
    // Server CPU time (user + system) per request: steadier than req/s when the machine is shared.
    cpuMsPerRequest:
      entry.cpuSeconds === null ? null : Number(((entry.cpuSeconds * 1_000) / entry.completed).toFixed(4)),
    rssMiB: rss === null ? null : round2(rss / 2 ** 20),
    auditRows,
    rssMiBPer100kAuditRows:
      rssGrowth === null || auditRows <= 0 ? null : round2((rssGrowth / 2 ** 20) * (100_000 / auditRows)),
  };
}

/** Starts `node <command>` and reads its origin from the "listening on" line it prints. */
async function startServer(command) {
  const child = spawn(process.execPath, command, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command[0]} did not start:\n${output}`)), 15_000);
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
      reject(new Error(`${command[0]} exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    origin,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}

/** Resident set size of a process in bytes (Linux /proc, else `ps`), or null when unavailable. */
function readRss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: ask ps.
  }
  try {
    return (
      Number(
        execFileSync("ps", ["-o", "rss=", "-p", String(pid)])
          .toString()
          .trim(),
      ) * 1024
    );
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used (Linux /proc), or null elsewhere. */
function readCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // Fields 14 and 15 of stat (utime, stime), counted after the ") " that ends the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function countAuditRows(origin) {
  const response = await fetch(`${origin}/__mock/state`);
  const state = await response.json();
  return Array.isArray(state.auditLogs) ? state.auditLogs.length : 0;
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

function print(report) {
  console.log(
    `\n@sentrail/mock-server: HTTP throughput, ${report.endpoint} on 127.0.0.1 (${report.concurrency} concurrent, keep-alive, ${report.rounds} interleaved rounds, ${report.node})`,
  );
  const rows = report.results.map((result) => [
    result.name,
    String(result.requestsPerSecond),
    result.latencyMs.p50.toFixed(1),
    result.latencyMs.p95.toFixed(1),
    result.latencyMs.p99.toFixed(1),
    result.ratio ? `${(result.ratio.requestsPerSecond * 100).toFixed(0)} %` : "1 (baseline)",
    result.ratio ? `${result.ratio.p99.toFixed(2)}×` : "1 (baseline)",
    result.cpuMsPerRequest === null
      ? "–"
      : `${(result.cpuMsPerRequest * 1_000).toFixed(0)} µs${result.ratio?.cpuPerRequest ? ` (${result.ratio.cpuPerRequest.toFixed(2)}×)` : ""}`,
    result.rssMiBPer100kAuditRows === null ? "–" : `${result.rssMiBPer100kAuditRows.toFixed(1)} MiB`,
    `${result.requests}/${result.errors}`,
  ]);
  const header = [
    "server",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "req/s vs bare",
    "p99 vs bare",
    "server CPU / request",
    "RSS / 100k rows",
    "requests/errors",
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells) => `  ${cells.map((cell, column) => cell.padEnd(widths[column])).join("  ")}`;
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    `  targets: req/s ≥ ${TARGETS.requestsPerSecondRatio * 100} % of bare, p99 ≤ ${TARGETS.p99Ratio}× bare's (figures only, never asserted)`,
  );
}

function round2(value) {
  return Number(value.toFixed(2));
}

function round3(value) {
  return Number(value.toFixed(3));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runHttpThroughputBench();
}
