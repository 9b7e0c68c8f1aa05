// How fast the kill switch reaches calls that are waiting for approval. Five guarded calls wait on
// approvals (status polled every 2 s); an admin enables the switch; we time until every wait has
// ended with `kill_switch`, two ways in the same run:
//
// - "another call observes": right after the switch goes on, another call of the same client is
//   evaluated and refused with "Kill switch is active"; that answer ends every wait at once.
// - "own polls only" (the baseline): nothing else happens; each wait learns at its next status poll.
//
// Real time, in-process mock (no network). Targets: ≤ 1 s when another call observes the switch;
// ≤ the poll interval otherwise. It prints and records; it never asserts.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMockSentrail, type Seed } from "@sentrail/mock-server";
import { createSentrailAdminClient } from "../src/admin";
import { createGuard, createSentrailClient, type GuardOutcome } from "../src/index";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(packageDir, "../../.bench-results");
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const BASE_URL = "https://bench.sentrail.test/functions/v1";
const POLL_MS = 2_000;
const WAITS = 5;
const ROUNDS = 5;

async function measure(
  observe: boolean,
): Promise<{ toLastOutcomeMs: number; afterObservationMs: number | null }> {
  const workspaceId = randomUUID();
  const adminId = randomUUID();
  const seed: Seed = {
    workspaces: [{ id: workspaceId, name: "Bench", settings: { unmatchedDecision: "require_approval" } }],
    members: [{ userId: adminId, role: "admin", email: "admin@example.com" }],
    apiKeys: [{ key: API_KEY, name: "bench", scopes: ["evaluate"] }],
  };
  const mock = createMockSentrail();
  await mock.control.seed(seed);
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => mock.handle(new Request(input, init));
  const client = createSentrailClient({ apiKey: API_KEY, baseUrl: BASE_URL, fetch });
  const admin = createSentrailAdminClient({
    accessToken: () => mock.control.token(adminId),
    baseUrl: BASE_URL,
    fetch,
  });
  let waiting = 0;
  const guard = createGuard({
    client,
    polling: { initialDelayMs: POLL_MS, multiplier: 1, maxDelayMs: POLL_MS, random: Math.random },
    onPending: (event) => {
      if (event.update === null) waiting++;
    },
  });
  const ended: number[] = [];
  const runs = Array.from({ length: WAITS }, (_, n) =>
    guard
      .run({ toolName: "refund_invoice", input: { n } }, () => "never")
      .then((outcome: GuardOutcome) => {
        ended.push(performance.now());
        return outcome;
      }),
  );
  while (waiting < WAITS) await new Promise((resolve) => setTimeout(resolve, 5));
  // Land the switch at a random point of the poll interval, as it would in life.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * POLL_MS));
  await admin.enableKillSwitch(workspaceId);
  const switchedAt = performance.now();
  let observedAt: number | null = null;
  if (observe) {
    await guard.run({ toolName: "list_invoices" }, () => "never");
    observedAt = performance.now();
  }
  const outcomes = await Promise.all(runs);
  if (outcomes.some((outcome) => outcome.status !== "kill_switch")) {
    throw new Error(
      `expected every wait to end with kill_switch, got ${outcomes.map((o) => o.status).join(", ")}`,
    );
  }
  const last = Math.max(...ended);
  return {
    toLastOutcomeMs: last - switchedAt,
    afterObservationMs: observedAt === null ? null : Math.max(0, last - observedAt),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const rows: Record<string, unknown>[] = [];
const results: Record<string, Array<{ toLastOutcomeMs: number; afterObservationMs: number | null }>> = {};
for (const [name, observe] of [
  ["another call observes", true],
  ["own polls only (baseline)", false],
] as const) {
  results[name] = [];
  for (let round = 0; round < ROUNDS; round++) results[name].push(await measure(observe));
  const totals = results[name].map((result) => result.toLastOutcomeMs);
  rows.push({
    scenario: name,
    "median ms, switch → last wait ended": median(totals).toFixed(1),
    "max ms": Math.max(...totals).toFixed(1),
  });
}

console.log(
  `\n@sentrail/client: kill switch → outcome of ${WAITS} approval waits (poll interval ${POLL_MS} ms, ${ROUNDS} rounds, ${process.version})\n`,
);
console.table(rows);
const observed = median(results["another call observes"]!.map((result) => result.toLastOutcomeMs));
const baseline = median(results["own polls only (baseline)"]!.map((result) => result.toLastOutcomeMs));
console.log(
  `\nsummary: kill switch reaches every wait in ${observed.toFixed(1)} ms (median) when another call observes it ` +
    `(target ≤ 1000 ms), vs ${baseline.toFixed(1)} ms by the waits' own polls (target ≤ ${POLL_MS} ms); ` +
    `${(baseline / Math.max(observed, 0.001)).toFixed(0)}× faster`,
);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "client-kill-switch-latency.json"),
  `${JSON.stringify({ node: process.version, pollMs: POLL_MS, waits: WAITS, results }, null, 2)}\n`,
);
