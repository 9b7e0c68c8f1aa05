// Three worker processes share one Redis guard store. The same approval-gated refund (same tool-call
// id, same arguments: a message redelivered by a queue, a retried job) reaches all three at once. One
// asks Sentrail; all three wait on the same approval; a reviewer approves it once through the approval
// endpoint; the refund is issued exactly once and every worker reports the same outcome. Runs against
// the offline mock and a throwaway redis-server, both on loopback; exits non-zero when any step of the
// story does not happen.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";
import { startRedisServer } from "./start-redis-server";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const WORKERS = 3;
const WORKER = fileURLToPath(new URL("./run-refund-worker.ts", import.meta.url));

const seed: Seed = {
  workspaces: [
    { id: WORKSPACE_ID, name: "Acme billing", settings: { unmatchedDecision: "require_approval" } },
  ],
  members: [{ userId: REVIEWER_ID, role: "reviewer", email: "oncall@acme.test" }],
  apiKeys: [{ key: API_KEY, name: "billing-workers", scopes: ["evaluate"] }],
  policies: [
    {
      name: "A person approves refunds",
      tool: "internal_api",
      actionPattern: "refund_*",
      mode: "require_approval",
      priority: 10,
    },
  ],
};

const failures: string[] = [];
function check(condition: boolean, what: string): void {
  console.log(`${condition ? "  ok  " : "  FAIL"} ${what}`);
  if (!condition) failures.push(what);
}

interface Worker {
  child: ChildProcess;
  waiting: Promise<void>;
  outcome: Promise<Record<string, unknown>>;
}

/** Starts one worker process and follows its JSON lines. */
function startWorker(options: object): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let onWaiting: () => void = () => undefined;
  let onOutcome: (outcome: Record<string, unknown>) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  const waiting = new Promise<void>((resolve) => {
    onWaiting = resolve;
  });
  const outcome = new Promise<Record<string, unknown>>((resolve, reject) => {
    onOutcome = resolve;
    onFailure = reject;
  });
  let buffered = "";
  child.stdout?.on("data", (chunk) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const line = JSON.parse(buffered.slice(0, end)) as { event: string; outcome?: Record<string, unknown> };
      buffered = buffered.slice(end + 1);
      if (line.event === "waiting") onWaiting();
      if (line.event === "outcome" && line.outcome) onOutcome(line.outcome);
    }
  });
  child.once("exit", (code) => onFailure(new Error(`worker ${child.pid} exited with ${code}`)));
  outcome.catch(() => undefined);
  return { child, waiting, outcome };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref()),
  ]);
}

const directory = await mkdtemp(join(tmpdir(), "sentrail-workers-redis-"));
const sentrail = await startMockServer({ seed, quiet: true });
const redis = await startRedisServer();
const workers: Worker[] = [];
try {
  const refundsFile = join(directory, "refunds");
  const call = {
    toolName: "refund_invoice",
    input: { invoiceId: "in_42", amountCents: 4200 },
    toolCallId: "call_refund_42",
  };

  console.log(`1. ${WORKERS} workers share one Redis and receive the same refund call`);
  for (let n = 0; n < WORKERS; n++) {
    workers.push(
      startWorker({ sentrailUrl: sentrail.baseUrl, apiKey: API_KEY, redisUrl: redis.url, refundsFile, call }),
    );
  }

  console.log("2. One of them asks Sentrail; all of them wait on the same approval");
  await within(Promise.all(workers.map((worker) => worker.waiting)), 60_000, "every worker waiting");
  const requests = sentrail.mock.control.state().approvalRequests;
  check(requests.length === 1, `one approval request for ${WORKERS} workers (got ${requests.length})`);
  const approvalRequestId = String(requests[0]?.id);

  console.log("3. The on-call reviewer approves it, once, through the approval endpoint");
  const reviewer = createSentrailAdminClient({
    baseUrl: sentrail.baseUrl,
    accessToken: sentrail.seeded?.tokens?.[REVIEWER_ID] ?? "",
  });
  await reviewer.decideApproval({ approvalRequestId, decision: "approved", reason: "on-call: refund ok" });

  console.log("4. The refund is issued exactly once, and every worker reports the same outcome");
  const outcomes = await within(
    Promise.all(workers.map((worker) => worker.outcome)),
    60_000,
    "every worker's outcome",
  );
  const refunds = (await readFile(refundsFile, "utf8").catch(() => "")).split("\n").filter(Boolean);
  check(refunds.length === 1, `exactly one refund issued (got ${refunds.length})`);
  check(
    outcomes.every(
      (outcome) => outcome.status === "executed" && outcome.approvalRequestId === approvalRequestId,
    ),
    "every worker: executed, under the approved request",
  );
  const first = JSON.stringify(outcomes[0]);
  check(
    outcomes.every((outcome) => JSON.stringify(outcome) === first),
    "the three outcomes are identical (the result of the one refund)",
  );
  const evaluations = sentrail.mock.control
    .state()
    .auditLogs.filter(
      (row) =>
        row.action === "refund_invoice" &&
        (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined,
    );
  check(evaluations.length === 1, `one evaluation in the audit log (got ${evaluations.length})`);
} catch (error) {
  failures.push(String(error));
  console.error(`  FAIL ${String(error)}`);
} finally {
  for (const worker of workers) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
  }
  await sentrail.close();
  await redis.close();
  await rm(directory, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\nThe story did not happen: ${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log("\nThe story happened: every check passed.");
