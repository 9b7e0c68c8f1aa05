// The guard's cost per allowed call (the source, run by tsx; the same code tsup bundles into dist/):
//
// - against the in-process mock (MSW, `setupMockSentrail`) seeded with 1,000 policies, next to a bare
//   `evaluateAction` through the same mock, so the difference is what the guard adds (call key digest,
//   exactly-once registry, outcome). Targets: guard.run median ≤ 1.5 ms, p99 ≤ 15 ms.
// - against a stubbed evaluate answer (no HTTP at all): the guard's own overhead. Target ≤ 0.25 ms.
// - tracing: the same stubbed guard without a `tracer` and with OpenTelemetry's tracer while no SDK is
//   registered (the no-op tracer a library gets from `trace.getTracer`), so what tracing costs when
//   nobody collects spans is measured in the same run.
//
// Several short rounds with the order rotated each round, and per variant the median of the round
// medians and of the round p99s: one GC pause or warm-up effect landing on one variant cannot decide it.
// It prints and records; it never asserts (a slow CI machine must not fail a build).
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { trace } from "@opentelemetry/api";
import type { Seed, SeedPolicy } from "@sentrail/mock-server";
import { createMockSentrail } from "@sentrail/mock-server";
import { setupMockSentrail } from "@sentrail/mock-server/node";
import { measureRotatedRounds } from "../../../scripts/bench/measure-rotated-rounds";
import { createGuard, createSentrailClient, type EvaluateActionResult } from "../src/index";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(packageDir, "../../.bench-results");
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const POLICY_COUNT = 1000;
const ROUNDS = 5;

// 999 policies that do not match, ahead of the one that does: the engine has to get past all of them.
const policies: SeedPolicy[] = Array.from({ length: POLICY_COUNT - 1 }, (_, n) => ({
  name: `Service ${n}`,
  tool: n % 3 === 0 ? "github" : "internal_api",
  actionPattern: `svc_${n}.*`,
  mode: n % 3 === 0 ? "allow" : n % 3 === 1 ? "block" : "require_approval",
  priority: n + 1,
}));
policies.push({
  name: "Allow listing",
  tool: "internal_api",
  actionPattern: "list_*",
  mode: "allow",
  priority: 5000,
});
const seed: Seed = {
  workspaces: [{ id: randomUUID(), name: "Bench", settings: { unmatchedDecision: "require_approval" } }],
  apiKeys: [{ key: API_KEY, name: "bench", scopes: ["evaluate"] }],
  policies,
};

const sentrail = setupMockSentrail({ seed, onUnhandledRequest: "error" });
await sentrail.listen();
const client = createSentrailClient({ apiKey: API_KEY, baseUrl: sentrail.baseUrl, agentId: "bench-agent" });
const guard = createGuard({ client });
// The same mock engine without MSW: the client's fetch calls the mock's handler directly.
const direct = createMockSentrail();
await direct.control.seed(seed);
const directGuard = createGuard({
  client: createSentrailClient({
    apiKey: API_KEY,
    baseUrl: "https://bench.sentrail.test/functions/v1",
    fetch: async (request, init) => direct.handle(new Request(request, init)),
  }),
});
const stubAnswer: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Allow listing' matched",
  matchedPolicyId: "b3c4d5e6-f7a8-9012-bcde-f01234567890",
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
};
const stubbedGuard = createGuard({ client, evaluate: async () => stubAnswer });
// No OpenTelemetry SDK is registered in this process: the API hands out its no-op tracer.
const noopTracedGuard = createGuard({
  client,
  evaluate: async () => stubAnswer,
  tracer: trace.getTracer("@sentrail/client"),
});
const input = { month: "2025-01", customer: "cus_42", limit: 50 };
let sequence = 0;

const variants: Record<string, () => Promise<unknown>> = {
  "evaluateAction (mock, 1,000 policies)": () =>
    client.evaluateAction({
      tool: "internal_api",
      action: "list_invoices",
      riskLevel: "low",
      payload: input,
    }),
  "guard.run allowed (mock, 1,000 policies)": () =>
    guard.run({ toolName: "list_invoices", input, toolCallId: `call-${sequence++}` }, () => "ok"),
  "guard.run allowed (mock handler without MSW)": () =>
    directGuard.run({ toolName: "list_invoices", input, toolCallId: `call-${sequence++}` }, () => "ok"),
  "guard.run allowed (stubbed evaluate)": () =>
    stubbedGuard.run({ toolName: "list_invoices", input, toolCallId: `call-${sequence++}` }, () => "ok"),
  "guard.run allowed, no tool-call id (stubbed evaluate)": () =>
    stubbedGuard.run({ toolName: "list_invoices", input }, () => "ok"),
  "guard.run allowed, no-op OpenTelemetry tracer (stubbed evaluate)": () =>
    noopTracedGuard.run({ toolName: "list_invoices", input, toolCallId: `call-${sequence++}` }, () => "ok"),
};

// Sanity check before measuring: each guarded variant must really execute.
for (const [name, run] of Object.entries(variants)) {
  const result = (await run()) as { status?: string; decision?: string };
  if (result.status !== undefined ? result.status !== "executed" : result.decision !== "allow") {
    throw new Error(`${name} did not run the allowed call`);
  }
}

const rows = await measureRotatedRounds(variants, { rounds: ROUNDS, timeMs: 1000, warmupMs: 200 });
sentrail.close();
const ms = (value: number) => value.toFixed(3);
console.log(
  `\n@sentrail/client guard: latency per allowed call (${process.version}; median of ${ROUNDS} rounds, milliseconds)\n`,
);
console.table(
  rows.map((row) => ({
    variant: row.variant,
    samples: row.samples,
    "median ms": ms(row.p50),
    "p99 ms": ms(row.p99),
  })),
);
const row = (name: string) => rows.find((candidate) => candidate.variant === name)!;
const bare = row("evaluateAction (mock, 1,000 policies)");
const mocked = row("guard.run allowed (mock, 1,000 policies)");
const stubbed = row("guard.run allowed (stubbed evaluate)");
console.log(
  `\nsummary: guard.run against the in-process mock with ${POLICY_COUNT} policies: median ${ms(mocked.p50)} ms ` +
    `(target ≤ 1.5 ms), p99 ${ms(mocked.p99)} ms (target ≤ 15 ms); guard overhead over bare evaluateAction ` +
    `${ms(mocked.p50 - bare.p50)} ms at the median; against a stubbed evaluate answer: median ${ms(stubbed.p50)} ms ` +
    `(target ≤ 0.25 ms), p99 ${ms(stubbed.p99)} ms`,
);
const traced = row("guard.run allowed, no-op OpenTelemetry tracer (stubbed evaluate)");
console.log(
  `summary: tracing, stubbed evaluate: no tracer median ${ms(stubbed.p50)} ms, p99 ${ms(stubbed.p99)} ms; ` +
    `no-op OpenTelemetry tracer median ${ms(traced.p50)} ms, p99 ${ms(traced.p99)} ms ` +
    `(${ms(traced.p50 - stubbed.p50)} ms at the median)`,
);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "client-guard-overhead.json"),
  `${JSON.stringify({ node: process.version, policies: POLICY_COUNT, rows }, null, 2)}\n`,
);
