#!/usr/bin/env node
// Client overhead and bundle size for @sentrail/client, measured against the built dist/.
//
// Overhead: the same evaluate-action call made three ways against one stubbed fetch (no network), in
// the same process and run, so the ratios are comparable: raw fetch (hand-built request, response.json()),
// bare openapi-fetch (createClient + POST), and our evaluateAction (openapi-fetch + timeout signal,
// error mapping, response validation). Bundle: each entry point bundled with esbuild (openapi-fetch
// included), minified, gzipped at level 9.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { createSentrailClient } from "../dist/index.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(packageDir, "../../.bench-results");
const baseUrl = "https://bench.supabase.co/functions/v1";
const apiKey = `agk_${"0".repeat(40)}`;
const input = { tool: "github", action: "pull_request.create", riskLevel: "high", agentId: "bench-agent" };
const answer = JSON.stringify({
  ok: true,
  decision: "allow",
  reason: "Policy 'Allow PRs' matched",
  matchedPolicyId: "b3c4d5e6-f7a8-9012-bcde-f01234567890",
  approvalRequestId: null,
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
  risk_classification: "server_classified",
});
const answerHeaders = { "content-type": "application/json" };

/** The stub every variant calls: a fresh Response per call, as a real fetch would return. */
const stubFetch = async () => new Response(answer, { status: 200, headers: answerHeaders });

const headers = { Authorization: `Bearer ${apiKey}`, "X-Agent-Id": "bench-agent" };
const bare = createClient({ baseUrl, fetch: stubFetch, headers });
const sentrail = createSentrailClient({ apiKey, baseUrl, fetch: stubFetch, agentId: "bench-agent" });
// The same stub given with its Request class: typed calls hand it a real Request. Given alone (above),
// it receives (url, init), as a fetch of another implementation needs.
const sentrailPaired = createSentrailClient({
  apiKey,
  baseUrl,
  fetch: stubFetch,
  Request,
  agentId: "bench-agent",
});

const variants = {
  "raw fetch": async () => {
    const response = await stubFetch(`${baseUrl}/evaluate-action`, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify(input),
    });
    return response.json();
  },
  "bare openapi-fetch": async () => (await bare.POST("/evaluate-action", { body: input })).data,
  "@sentrail/client evaluateAction (fetch + Request)": () => sentrailPaired.evaluateAction(input),
  // Last: the summary below reads the last row.
  "@sentrail/client evaluateAction": () => sentrail.evaluateAction(input),
};

// Sanity check before measuring: every variant must produce the same decision.
for (const [name, run] of Object.entries(variants)) {
  const result = await run();
  if (result?.decision !== "allow") throw new Error(`${name} did not return the allow decision`);
}

// Many short rounds, with the order rotated each round; each figure is the median over rounds, so one GC
// pause, a warm-up effect or another process on a shared machine landing on one variant cannot decide
// the ratio. p50 is the typical call; mean also carries GC and scheduling noise, shown for reference.
const ROUNDS = 15;
const names = Object.keys(variants);
const roundMeans = Object.fromEntries(names.map((name) => [name, []]));
const roundMedians = Object.fromEntries(names.map((name) => [name, []]));
const roundOps = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: 200, warmupTime: 50 });
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    bench.add(name, variants[name]);
  }
  await bench.run();
  for (const task of bench.tasks) {
    if (task.result.state !== "completed") throw new Error(`benchmark "${task.name}" did not complete`);
    roundMeans[task.name].push(task.result.latency.mean * 1000);
    roundMedians[task.name].push(task.result.latency.p50 * 1000);
    roundOps[task.name].push(task.result.throughput.mean);
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const p50 = (name) => median(roundMedians[name]);
const mean = (name) => median(roundMeans[name]);
const overhead = names.map((name) => ({
  variant: name,
  "p50 µs/call": p50(name).toFixed(2),
  "× raw fetch (p50)": (p50(name) / p50("raw fetch")).toFixed(2),
  "µs over openapi-fetch (p50)": (p50(name) - p50("bare openapi-fetch")).toFixed(2),
  "mean µs/call": mean(name).toFixed(2),
  "× raw fetch (mean)": (mean(name) / mean("raw fetch")).toFixed(2),
  "µs over openapi-fetch (mean)": (mean(name) - mean("bare openapi-fetch")).toFixed(2),
  "ops/s": Math.round(median(roundOps[name])).toLocaleString("en-US"),
}));

const bundles = [];
const bundleTargets = [
  ["@sentrail/client", "export * from './dist/index.js';"],
  ["@sentrail/client/admin", "export * from './dist/admin.js';"],
  ["@sentrail/client/webhooks", "export * from './dist/webhooks.js';"],
  // What an agent that only creates the client actually ships (tree-shaken).
  ["@sentrail/client { createSentrailClient }", "export { createSentrailClient } from './dist/index.js';"],
];
for (const [entry, contents] of bundleTargets) {
  const output = await build({
    stdin: { contents, resolveDir: packageDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const code = output.outputFiles[0].contents;
  bundles.push({
    entry,
    "min bytes": code.byteLength,
    "min+gzip bytes": gzipSync(code, { level: 9 }).byteLength,
  });
}

console.log(
  `\n@sentrail/client: per-call overhead against a stubbed fetch (same run; median of ${ROUNDS} rounds, ${process.version})\n`,
);
console.table(overhead);
console.log("\n@sentrail/client: bundle size (esbuild, minified, openapi-fetch included, gzip -9)\n");
console.table(bundles);
const ours = overhead.at(-1);
const main = bundles[0];
console.log(
  `\nsummary: evaluateAction = ${ours["× raw fetch (p50)"]}× raw fetch at p50 (${ours["× raw fetch (mean)"]}× at mean; target ≤ 1.3×), ` +
    `+${ours["µs over openapi-fetch (p50)"]} µs over bare openapi-fetch at p50 (+${ours["µs over openapi-fetch (mean)"]} µs at mean; target ≤ 10 µs), ` +
    `main entry ${main["min+gzip bytes"]} B min+gzip (target ≤ 8192 B)`,
);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "client.json"),
  `${JSON.stringify({ node: process.version, overhead, bundles }, null, 2)}\n`,
);

// The guard's benchmarks are TypeScript files (bench/guard*.bench.ts); each runs in its own process
// under tsx, so its mock server and timers cannot disturb the figures above.
for (const file of [
  "guard-overhead.bench.ts",
  "guard-status-polls.bench.ts",
  "kill-switch-latency.bench.ts",
]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(packageDir, "bench", file)], {
    cwd: packageDir,
    stdio: "inherit",
  });
  if (run.status !== 0) throw new Error(`bench/${file} exited with ${run.status ?? run.signal}`);
}
