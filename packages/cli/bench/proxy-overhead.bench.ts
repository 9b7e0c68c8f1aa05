// `npm run bench` in packages/cli: prints (never asserts) the proxy's costs, each next to a baseline
// measured in the same run, and records them in ../../.bench-results/cli.json.
//   1. startup: `sentrail start` spawned → first tools/call answered (target ≤ 300 ms), against a bare
//      `node` start and the in-process `startInterceptor` start;
//   2. per call: median and p99 of an allowed tools/call through the proxy (evaluated by the in-process
//      mock over loopback) against the same call sent to the upstream directly (target ≤ 2 ms overhead).
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startInterceptor } from "../src/interceptor/start-interceptor";
import { startHttpUpstream } from "../test/helpers/start-http-upstream";
import { startSentrailFixture } from "../test/helpers/start-sentrail-fixture";

const BIN = fileURLToPath(new URL("../bin/sentrail.js", import.meta.url));
const STARTS = 10;
const CALLS = 300;
const WARMUP = 30;

const median = (values: number[]) => quantile(values, 0.5);
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** Milliseconds from spawning `node <args>` to its exit. */
function timeNode(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", () => resolve(performance.now() - started));
  });
}

const sentrail = await startSentrailFixture();
const upstream = await startHttpUpstream();
const home = await mkdtemp(join(tmpdir(), "sentrail-bench-"));
try {
  await mkdir(join(home, ".sentrail"), { recursive: true });
  await writeFile(
    join(home, ".sentrail", "config.json"),
    JSON.stringify({
      apiKey: sentrail.apiKey,
      workspaceId: sentrail.workspaceId,
      upstreamMcpUrl: upstream.url,
      cloudUrl: sentrail.baseUrl,
      port: 3773,
      logLevel: "error",
    }),
    { mode: 0o600 },
  );

  // 1. Startup to first answered tools/call.
  const bare: number[] = [];
  const bin: number[] = [];
  const inProcess: number[] = [];
  for (let run = 0; run < STARTS; run++) {
    bare.push(await timeNode(["-e", ""]));
  }
  for (let run = 0; run < STARTS; run++) {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, "start", "--port", "0", "--json"], {
      env: { PATH: process.env.PATH ?? "", HOME: home },
      stdio: ["ignore", "pipe", "inherit"],
    });
    // A child that dies (or never prints its ready line) fails the bench instead of hanging it.
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(
        () => reject(new Error("sentrail start printed no ready line in 30 s")),
        30_000,
      );
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`sentrail start exited (${code ?? signal}) before its ready line`));
      });
      child.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        const line = stdout.split("\n")[0];
        if (stdout.includes("\n") && line) {
          clearTimeout(timer);
          resolve(JSON.parse(line).url);
        }
      });
    });
    const client = await connect(url);
    await client.callTool({ name: "bash", arguments: { command: "cat bench.txt" } });
    bin.push(performance.now() - started);
    await client.close();
    child.kill("SIGINT");
    await new Promise((resolve) => child.once("close", resolve));

    const inStarted = performance.now();
    const proxy = await startInterceptor({
      config: { apiKey: sentrail.apiKey, cloudUrl: sentrail.baseUrl },
      upstream: { kind: "http", url: upstream.url },
      port: 0,
    });
    const inClient = await connect(proxy.url);
    await inClient.callTool({ name: "bash", arguments: { command: "cat bench.txt" } });
    inProcess.push(performance.now() - inStarted);
    await inClient.close();
    await proxy.close();
  }

  // 2. Per-call overhead.
  const proxy = await startInterceptor({
    config: { apiKey: sentrail.apiKey, cloudUrl: sentrail.baseUrl },
    upstream: { kind: "http", url: upstream.url },
    port: 0,
  });
  const viaProxy = await connect(proxy.url);
  const direct = await connect(upstream.url);
  const directTimes: number[] = [];
  const proxyTimes: number[] = [];
  for (let index = 0; index < WARMUP + CALLS; index++) {
    // Interleaved, so both see the same machine state.
    let started = performance.now();
    await direct.callTool({ name: "bash", arguments: { command: "cat bench.txt" } });
    const directMs = performance.now() - started;
    started = performance.now();
    await viaProxy.callTool({ name: "bash", arguments: { command: "cat bench.txt" } });
    const proxyMs = performance.now() - started;
    if (index >= WARMUP) {
      directTimes.push(directMs);
      proxyTimes.push(proxyMs);
    }
  }
  const evaluateTimes: number[] = [];
  for (let index = 0; index < CALLS; index++) {
    const started = performance.now();
    await fetch(`${sentrail.baseUrl}/evaluate-action`, {
      method: "POST",
      headers: { authorization: `Bearer ${sentrail.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ tool: "mcp", action: "shell.read", riskLevel: "low" }),
    }).then((response) => response.text());
    evaluateTimes.push(performance.now() - started);
  }
  await viaProxy.close();
  await direct.close();
  await proxy.close();

  const results = {
    startup: {
      bareNodeMedianMs: median(bare),
      binToFirstCallMedianMs: median(bin),
      inProcessToFirstCallMedianMs: median(inProcess),
      targetMs: 300,
    },
    perCall: {
      directMedianMs: median(directTimes),
      proxyMedianMs: median(proxyTimes),
      overheadMedianMs: median(proxyTimes) - median(directTimes),
      evaluateActionMedianMs: median(evaluateTimes),
      proxyOnlyMedianMs: median(proxyTimes) - median(directTimes) - median(evaluateTimes),
      directP99Ms: quantile(directTimes, 0.99),
      proxyP99Ms: quantile(proxyTimes, 0.99),
      targetOverheadMs: 2,
    },
  };
  console.log(`sentrail proxy (${STARTS} starts, ${CALLS} calls each way, Node ${process.version})`);
  console.log("startup to first answered tools/call (target ≤ 300 ms)");
  console.log(`  bare node start (baseline)        ${ms(results.startup.bareNodeMedianMs)}`);
  console.log(
    `  sentrail start (bin, spawned)     ${ms(results.startup.binToFirstCallMedianMs)}  ×${(results.startup.binToFirstCallMedianMs / results.startup.bareNodeMedianMs).toFixed(1)} bare node`,
  );
  console.log(`  startInterceptor (in process)     ${ms(results.startup.inProcessToFirstCallMedianMs)}`);
  console.log("allowed tools/call, median (target: overhead ≤ 2 ms)");
  console.log(
    `  direct to the upstream (baseline) ${ms(results.perCall.directMedianMs)}  p99 ${ms(results.perCall.directP99Ms)}`,
  );
  console.log(
    `  through the proxy                 ${ms(results.perCall.proxyMedianMs)}  p99 ${ms(results.perCall.proxyP99Ms)}  ×${(results.perCall.proxyMedianMs / results.perCall.directMedianMs).toFixed(2)} direct`,
  );
  console.log(`  overhead                          ${ms(results.perCall.overheadMedianMs)}`);
  console.log(
    `    of which evaluate-action (mock over loopback) ${ms(results.perCall.evaluateActionMedianMs)}`,
  );
  console.log(`    of which the proxy itself                     ${ms(results.perCall.proxyOnlyMedianMs)}`);
  const resultsDir = fileURLToPath(new URL("../../../.bench-results/", import.meta.url));
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, "cli.json"), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await upstream.close();
  await sentrail.close();
  await rm(home, { recursive: true, force: true });
}
