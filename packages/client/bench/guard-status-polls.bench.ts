// How many status requests one approval wait sends: a guarded call waits 10 minutes (virtual time, an
// injected clock and sleep) on an approval that nobody decides, against the in-process mock; every
// `GET /gateway-proxy/status/{id}` is counted at the fetch and bucketed by virtual minute. Run with the
// jitter at its most eager (random = 0, the shortest delays), its mean (0.5) and Math.random.
// Targets: ≤ 13 requests in the first minute, then ≤ 9 per minute. It prints and records; it never asserts.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMockSentrail, type Seed } from "@sentrail/mock-server";
import { createGuard, createSentrailClient } from "../src/index";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(packageDir, "../../.bench-results");
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const BASE_URL = "https://bench.sentrail.test/functions/v1";
const MINUTES = 10;

const seed: Seed = {
  workspaces: [{ id: randomUUID(), name: "Bench", settings: { unmatchedDecision: "require_approval" } }],
  apiKeys: [{ key: API_KEY, name: "bench", scopes: ["evaluate"] }],
};

async function countPolls(random: () => number): Promise<number[]> {
  const mock = createMockSentrail();
  await mock.control.seed(seed);
  let now = 0;
  const pollsByMinute = new Array<number>(MINUTES).fill(0);
  const client = createSentrailClient({
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    // In process, no MSW: every request goes straight to the mock's handler, and status polls are counted.
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (request.method === "GET" && request.url.includes("/gateway-proxy/status/")) {
        const minute = Math.floor(now / 60_000);
        if (minute < MINUTES) pollsByMinute[minute] = (pollsByMinute[minute] ?? 0) + 1;
      }
      return mock.handle(request);
    },
  });
  const guard = createGuard({
    client,
    approvalTimeoutMs: MINUTES * 60_000,
    polling: {
      random,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    },
  });
  const outcome = await guard.run({ toolName: "refund_invoice", input: { id: "in_1" } }, () => "never");
  if (outcome.status !== "timed_out") throw new Error(`expected the wait to time out, got ${outcome.status}`);
  return pollsByMinute;
}

const runs = {
  "random = 0 (most eager)": await countPolls(() => 0),
  "random = 0.5": await countPolls(() => 0.5),
  "Math.random": await countPolls(Math.random),
};

console.log(`\n@sentrail/client guard: status requests per minute of one approval wait (virtual time)\n`);
console.table(
  Object.entries(runs).map(([jitter, counts]) => ({
    jitter,
    ...Object.fromEntries(counts.map((count, minute) => [`min ${minute + 1}`, count])),
  })),
);
const firstMinute = Math.max(...Object.values(runs).map((counts) => counts[0] ?? 0));
const laterMax = Math.max(...Object.values(runs).flatMap((counts) => counts.slice(1)));
console.log(
  `\nsummary: status requests in the first minute ≤ ${firstMinute} (target ≤ 13), ` +
    `then ≤ ${laterMax} per minute (target ≤ 9)`,
);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "client-guard-status-polls.json"),
  `${JSON.stringify({ node: process.version, minutes: MINUTES, runs }, null, 2)}\n`,
);
