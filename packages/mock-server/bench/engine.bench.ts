// Engine benchmarks for @sentrail/mock-server (pure TypeScript, no HTTP): policy evaluation per call with
// 10, 1,000 and 10,000 policies, indexed against a plain linear scan in the same run; the worst
// adversarial wildcard pattern; memory per 100,000 audit rows. Prints a table and records JSON in
// .bench-results/; never asserts. Run with `npm run bench -- engine` (needs --expose-gc for memory).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { applySeed } from "../src/engine/apply-seed.js";
import { comparePolicyOrder } from "../src/engine/compare-policy-order.js";
import { createSentrailEngine, type SentrailEngine } from "../src/engine/create-sentrail-engine.js";
import { decideEvaluation } from "../src/engine/decide-evaluation.js";
import type { Policy, RiskLevel, ToolName, Workspace } from "../src/engine/engine-types.js";
import { matchesPolicy, type PolicyRequest } from "../src/engine/matches-policy.js";
import { matchesWildcard } from "../src/engine/matches-wildcard.js";
import type { SeedPolicy } from "../src/engine/seed-types.js";
import { writeAuditRow } from "../src/engine/write-audit-row.js";
import { createFakeDispatcher } from "../src/http/create-fake-dispatcher.js";

const WORKSPACE_ID = "11111111-1111-4111-8111-111111111111";
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "../../../.bench-results");

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same policy set. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const TOOLS: ToolName[] = [
  "github",
  "github",
  "github",
  "mcp",
  "mcp",
  "linear",
  "slack",
  "notion",
  "internal_api",
];
const RISKS: RiskLevel[] = ["low", "medium", "high", "critical"];
const VERBS = ["create", "update", "delete", "merge", "read", "archive"];
const RESOURCES = 200;
const AGENTS = ["cursor", "claude-code", "ci-bot", "my-coding-agent", "experimental-agent"];
const REQUEST_AGENTS = ["cursor", "claude-code", "ci-bot", "my-coding-agent"];

/**
 * A realistic policy set: specific rules (an exact action or a resource prefix, some with agent or risk
 * conditions) spread over many actions and tools, a handful of catch-alls limited to one agent, and one
 * final "allow everything else". Most requests are decided late in evaluation order, so a linear scan
 * has real work to do.
 */
function generatePolicies(count: number): SeedPolicy[] {
  const next = random(count);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const policies: SeedPolicy[] = [];
  for (let index = 0; index < count - 1; index++) {
    const tool = next() < 0.03 ? "*" : pick(TOOLS);
    const resource = `res${Math.floor(next() * RESOURCES)}`;
    const roll = next();
    const catchAll = roll >= 0.995;
    const actionPattern = catchAll ? "*" : roll < 0.7 ? `${resource}.${pick(VERBS)}` : `${resource}.*`;
    const conditions = catchAll
      ? { allowedAgents: ["experimental-agent"] }
      : next() < 0.3
        ? next() < 0.5
          ? { minRiskLevel: pick(RISKS) }
          : { allowedAgents: [pick(AGENTS)] }
        : {};
    policies.push({
      name: `policy ${index}`,
      tool,
      actionPattern,
      mode: pick(["allow", "block", "require_approval"] as const),
      conditions,
      priority: 1 + Math.floor(next() * 998),
    });
  }
  policies.push({
    name: "Allow everything else",
    tool: "*",
    actionPattern: "*",
    mode: "allow",
    priority: 999,
  });
  return policies;
}

function generateRequests(count: number): PolicyRequest[] {
  const next = random(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  return Array.from({ length: count }, () => {
    const tool = pick(TOOLS);
    const action =
      next() < 0.85 ? `res${Math.floor(next() * RESOURCES)}.${pick(VERBS)}` : `unknown.${pick(VERBS)}`;
    return {
      tool,
      action,
      riskLevel: pick(RISKS),
      agentId: pick(REQUEST_AGENTS),
      resourceType: null,
      mcpToolName: tool === "mcp" ? action : null,
    };
  });
}

async function seededEngine(
  policyCount: number,
): Promise<{ engine: SentrailEngine; workspace: Workspace; ordered: Policy[] }> {
  const engine = createSentrailEngine({ upstream: createFakeDispatcher() });
  await applySeed(engine, {
    workspaces: [{ id: WORKSPACE_ID, name: "Bench", settings: { unmatchedDecision: "allow" } }],
    policies: generatePolicies(policyCount).map((policy) => ({ ...policy, workspaceId: WORKSPACE_ID })),
  });
  const workspace = engine.workspaces.getWorkspace(WORKSPACE_ID) as Workspace;
  const ordered = engine.policies.list(WORKSPACE_ID).sort(comparePolicyOrder);
  return { engine, workspace, ordered };
}

interface Row {
  case: string;
  medianUs: number;
  p99Us: number;
  target: string;
}

const rows: Row[] = [];
const micro = (ms: number | undefined) => Number(((ms ?? 0) * 1000).toFixed(3));

async function runTasks(tasks: Array<{ name: string; target: string; fn: () => unknown }>): Promise<void> {
  const bench = new Bench({ time: 700, warmup: true, timestampProvider: "hrtimeNow" });
  for (const task of tasks) bench.add(task.name, task.fn);
  await bench.run();
  for (const [index, task] of bench.tasks.entries()) {
    const result = task.result;
    if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
    rows.push({
      case: task.name,
      medianUs: micro(result.latency.p50),
      p99Us: micro(result.latency.p99),
      target: tasks[index]?.target ?? "",
    });
  }
}

// 1. Evaluation per call: indexed vs linear scan.
const requests = generateRequests(512);
const agreement: Record<string, boolean> = {};
/** How many policies a linear scan looks at on average before the first match. */
const linearDepth: Record<string, number> = {};
for (const count of [10, 1_000, 10_000]) {
  const { engine, workspace, ordered } = await seededEngine(count);
  agreement[count] = requests.every(
    (request) =>
      engine.policies.firstMatch(WORKSPACE_ID, request)?.id ===
      ordered.find((policy) => matchesPolicy(policy, request))?.id,
  );
  const decisionRequests = requests.map((request) => ({ ...request, workspace, checkAgent: true }));
  let indexed = 0;
  let linear = 0;
  let decided = 0;
  const label = count.toLocaleString("en-US");
  const target = count === 1_000 ? "≤ 5 µs median" : count === 10_000 ? "≤ 25 µs median" : "";
  await runTasks([
    {
      name: `first match, ${label} policies, indexed`,
      target,
      fn: () => engine.policies.firstMatch(WORKSPACE_ID, requests[indexed++ & 511] as PolicyRequest),
    },
    {
      name: `first match, ${label} policies, linear scan`,
      target: "(reference)",
      fn: () => ordered.find((policy) => matchesPolicy(policy, requests[linear++ & 511] as PolicyRequest)),
    },
    {
      name: `decision (§16 steps 1–5), ${label} policies, indexed`,
      target,
      fn: () =>
        decideEvaluation(engine, decisionRequests[decided++ & 511] as (typeof decisionRequests)[number]),
    },
  ]);
  const scanned = requests.map((request) => {
    const match = engine.policies.firstMatch(WORKSPACE_ID, request);
    return match ? ordered.indexOf(match) + 1 : ordered.length;
  });
  linearDepth[count] = Math.round(scanned.reduce((sum, depth) => sum + depth, 0) / scanned.length);
}

// 2. The worst adversarial wildcard pattern: 32 `*` against a 1 KiB action.
const stars = "*".repeat(32);
const kibOfA = "a".repeat(1024);
const kibOfStars = `${"*".repeat(31)}${"a".repeat(1024 - 31)}`;
const alternating = `${"a*".repeat(16)}b`;
await runTasks([
  {
    name: "wildcard: 32 '*' vs 1 KiB action (no match)",
    target: "≤ 1 ms",
    fn: () => matchesWildcard(stars, kibOfA),
  },
  {
    name: "wildcard: 32 '*' vs 1 KiB action (match)",
    target: "≤ 1 ms",
    fn: () => matchesWildcard(stars, kibOfStars),
  },
  {
    name: "wildcard: 'a*'×16+'b' vs 1 KiB of 'a'",
    target: "≤ 1 ms",
    fn: () => matchesWildcard(alternating, kibOfA),
  },
]);

// 3. Memory per 100,000 audit rows, each from a freshly parsed request body as the HTTP path would.
const gc = (globalThis as { gc?: () => void }).gc;
let memory: { rows: number; mib: number; bytesPerRow: number } | null = null;
if (gc) {
  const { engine, workspace } = await seededEngine(10);
  const rowCount = 100_000;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let index = 0; index < rowCount; index++) {
    const body = JSON.parse(
      `{"tool":"github","action":"issues.create","riskLevel":"medium","agentId":"my-coding-agent","resourceType":"issue","resourceId":"acme/demo","payload":{"title":"Fix login bug ${index}","body":"The logout button is broken on mobile.","labels":["bug"]}}`,
    );
    writeAuditRow(engine, {
      workspace,
      agentName: body.agentId,
      tool: body.tool,
      action: body.action,
      decision: "allow",
      riskLevel: body.riskLevel,
      matchedPolicyId: null,
      resourceType: body.resourceType,
      resourceId: body.resourceId,
      requestedBy: body.agentId,
      payload: body.payload,
      source: "manual",
      reason: "No policy matched; default allow",
    });
  }
  gc();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  if (engine.audit.size() !== rowCount) throw new Error("audit rows went missing");
  memory = {
    rows: rowCount,
    mib: Number((bytes / 1024 / 1024).toFixed(1)),
    bytesPerRow: Math.round(bytes / rowCount),
  };
}

console.log(
  `\n@sentrail/mock-server: engine benchmarks (${process.version}, ${process.platform}/${process.arch})`,
);
console.table(
  rows.map((row) => ({ case: row.case, "median µs": row.medianUs, "p99 µs": row.p99Us, target: row.target })),
);
console.log(
  `index agrees with the linear scan on ${requests.length} requests: ${Object.entries(agreement)
    .map(([count, agrees]) => `${Number(count).toLocaleString("en-US")} policies ${agrees ? "yes" : "NO"}`)
    .join(", ")}`,
);
console.log(
  `a linear scan looks at ${Object.entries(linearDepth)
    .map(([count, depth]) => `${depth} of ${Number(count).toLocaleString("en-US")}`)
    .join(", ")} policies on average before the first match`,
);
console.log(
  memory
    ? `memory: ${memory.rows.toLocaleString("en-US")} audit rows = ${memory.mib} MiB heap (${memory.bytesPerRow} bytes/row; target ≤ 80 MiB)`
    : "memory: skipped (run with node --expose-gc)",
);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "mock-server-engine.json"),
  `${JSON.stringify({ node: process.version, rows, agreement, linearDepth, memory }, null, 2)}\n`,
);
