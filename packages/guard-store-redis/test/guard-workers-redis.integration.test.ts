import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { type RunningMockServer, startMockServer } from "@sentrail/mock-server/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisGuardWorkerOptions } from "./helpers/redis-guard-worker";
import { type RunningRedisServer, startRedisServer } from "./helpers/start-redis-server";
import { startRedisWorkers } from "./helpers/start-redis-workers";

// Exactly once across processes on Redis: worker processes, each with its own guard and its own
// node-redis client, share one real redis-server and one real (loopback) sentrail-mock, and run the
// same tool call at the same moment.

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const WORKERS = 4;

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Workers", settings: { unmatchedDecision: "allow" } }],
  members: [{ userId: REVIEWER_ID, role: "reviewer", email: "reviewer@example.com" }],
  apiKeys: [{ key: API_KEY, name: "workers", scopes: ["evaluate"] }],
  policies: [
    {
      name: "Approve refunds",
      tool: "internal_api",
      actionPattern: "refund*",
      mode: "require_approval",
      priority: 10,
    },
  ],
};

let sentrail: RunningMockServer;
let redis: RunningRedisServer;
let directory: string;
beforeAll(async () => {
  sentrail = await startMockServer({ seed, quiet: true });
  redis = await startRedisServer();
  directory = await mkdtemp(join(tmpdir(), "sentrail-redis-workers-"));
});
afterAll(async () => {
  await sentrail.close();
  await redis.close();
  await rm(directory, { recursive: true, force: true });
});

type Extra = Partial<Omit<RedisGuardWorkerOptions, "call" | "startAt">>;
function workerOptions(name: string, call: RedisGuardWorkerOptions["call"], extra: Extra = {}) {
  return {
    baseUrl: sentrail.baseUrl,
    apiKey: API_KEY,
    redisUrl: redis.url,
    keyPrefix: `test-${name}:`,
    executionsFile: join(directory, `${name}.executions`),
    call,
    ...extra,
  };
}

const reviewer = () =>
  createSentrailAdminClient({
    accessToken: () => sentrail.mock.control.token(REVIEWER_ID),
    baseUrl: sentrail.baseUrl,
  });

const approvalRequestsFor = (action: string) =>
  sentrail.mock.control.state().approvalRequests.filter((row) => row.action === action);

async function waitFor<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 1_200; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const pendingRequest = (action: string, except: string[] = []) =>
  waitFor(
    () =>
      approvalRequestsFor(action).find(
        (row) => row.status === "pending" && !except.includes(row.id as string),
      )?.id as string | undefined,
    `a pending approval request for ${action}`,
  );

const evaluationRows = (action: string) =>
  sentrail.mock.control
    .state()
    .auditLogs.filter(
      (row) =>
        row.action === action &&
        (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined,
    );

describe("guards in several processes sharing one Redis", () => {
  it("runs an allowed call exactly once across 4 worker processes, and every worker gets the same outcome", async () => {
    const workers = startRedisWorkers(
      WORKERS,
      workerOptions("allowed", {
        toolName: "list_invoices",
        input: { month: "2026-11" },
        toolCallId: "call-1",
      }),
    );
    try {
      const outcomes = await workers.outcomes();
      const executions = await workers.executions();
      expect(executions).toHaveLength(1);
      expect(outcomes).toHaveLength(WORKERS);
      for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
      expect(outcomes[0]).toMatchObject({
        status: "executed",
        result: { executedBy: Number(executions[0]) },
      });
      expect(evaluationRows("list_invoices")).toHaveLength(1);
    } finally {
      workers.kill();
    }
  }, 60_000);

  it("asks once and runs an approved call exactly once across 4 worker processes", async () => {
    const workers = startRedisWorkers(
      WORKERS,
      workerOptions("approved", { toolName: "refund_invoice", input: { id: "in_1" }, toolCallId: "call-2" }),
    );
    try {
      const approvalRequestId = await pendingRequest("refund_invoice");
      // Give every worker time to find the open approval and wait on it too.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await reviewer().decideApproval({ approvalRequestId, decision: "approved" });
      const outcomes = await workers.outcomes();
      expect(await workers.executions()).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
      expect(outcomes[0]).toMatchObject({ status: "executed", approvalRequestId });
      expect(approvalRequestsFor("refund_invoice")).toHaveLength(1);
      expect(evaluationRows("refund_invoice")).toHaveLength(1);
    } finally {
      workers.kill();
    }
  }, 60_000);

  it("reports failed with an unknown side effect in every other worker once a worker killed mid-execute loses its lease, and never runs the call again", async () => {
    const call = { toolName: "list_payouts", input: { month: "2026-12" }, toolCallId: "call-3" };
    const options = workerOptions("killed", call, { leaseMs: 1_000, hang: true });
    const workers = startRedisWorkers(3, options);
    let later: ReturnType<typeof startRedisWorkers> | undefined;
    try {
      const [pid] = await waitFor(async () => {
        const lines = await workers.executions();
        return lines.length > 0 ? lines : undefined;
      }, "an execution");
      const owner = workers.processes.find((child) => String(child.pid) === pid);
      if (!owner) throw new Error(`no worker with pid ${pid}`);
      owner.kill("SIGKILL");
      const outcomes = await workers.outcomesOf(workers.processes.filter((child) => child !== owner));
      expect(outcomes).toHaveLength(2);
      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({ status: "failed", sideEffect: "unknown", retrySafe: false });
        expect(outcome).toEqual(outcomes[0]);
      }
      // A worker that comes later reads the recorded outcome: the call is never started again.
      later = startRedisWorkers(1, { ...options, hang: false });
      expect(await later.outcomes()).toEqual([outcomes[0]]);
      expect(await workers.executions()).toEqual([pid]);
      expect(evaluationRows("list_payouts")).toHaveLength(1);
    } finally {
      workers.kill();
      later?.kill();
    }
  }, 60_000);

  it("hands a held call over: one worker asks and exits, two others resume its handle on Redis, it runs once", async () => {
    const call = { toolName: "refund_invoice", input: { id: "in_9", amount: 12 }, toolCallId: "call-4" };
    const asking = startRedisWorkers(1, workerOptions("handover", call, { approvalTimeoutMs: 0 }));
    let resuming: ReturnType<typeof startRedisWorkers> | undefined;
    try {
      const [asked] = await asking.outcomes();
      expect(asked).toMatchObject({ status: "timed_out", sideEffect: "not_started" });
      const handle = asked?.resume as { evaluation: { approvalRequestId: string } };
      expect(handle).toMatchObject({ type: "sentrail.guard.approval", toolName: "refund_invoice" });
      await reviewer().decideApproval({
        approvalRequestId: handle.evaluation.approvalRequestId,
        decision: "approved",
      });
      resuming = startRedisWorkers(
        2,
        workerOptions("handover", call, { resume: handle as RedisGuardWorkerOptions["resume"] }),
      );
      const outcomes = await resuming.outcomes();
      expect(await resuming.executions()).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
      expect(outcomes[0]).toMatchObject({
        status: "executed",
        approvalRequestId: handle.evaluation.approvalRequestId,
      });
    } finally {
      asking.kill();
      resuming?.kill();
    }
  }, 60_000);
});

describe("a Redis restart while workers wait for an approval", () => {
  it("with persistence (append-only file): the records survive, the wait resumes, the approved call runs once", async () => {
    const durable = await startRedisServer({ persistence: "append_only" });
    const call = { toolName: "refund_order", input: { id: "or_1" }, toolCallId: "call-5" };
    const workers = startRedisWorkers(3, { ...workerOptions("durable", call), redisUrl: durable.url });
    try {
      const approvalRequestId = await pendingRequest("refund_order");
      await new Promise((resolve) => setTimeout(resolve, 500));
      await durable.restart();
      await reviewer().decideApproval({ approvalRequestId, decision: "approved" });
      const outcomes = await workers.outcomes();
      expect(await workers.executions()).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
      expect(outcomes[0]).toMatchObject({ status: "executed", approvalRequestId });
      expect(approvalRequestsFor("refund_order")).toHaveLength(1);
    } finally {
      workers.kill();
      await durable.close();
    }
  }, 60_000);

  it("without persistence: the open approval is forgotten, its approval is never run, the workers ask again and the call runs once", async () => {
    const volatile = await startRedisServer();
    const call = { toolName: "refund_shipment", input: { id: "sh_1" }, toolCallId: "call-6" };
    const workers = startRedisWorkers(3, { ...workerOptions("volatile", call), redisUrl: volatile.url });
    try {
      const first = await pendingRequest("refund_shipment");
      await new Promise((resolve) => setTimeout(resolve, 500));
      await volatile.restart();
      await reviewer().decideApproval({ approvalRequestId: first, decision: "approved" });
      // The approved request's record is gone: no worker may run it on that approval. They treat the
      // call as new, and Sentrail is asked again.
      const second = await pendingRequest("refund_shipment", [first]);
      expect(await workers.executions()).toHaveLength(0);
      await reviewer().decideApproval({ approvalRequestId: second, decision: "approved" });
      const outcomes = await workers.outcomes();
      expect(await workers.executions()).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
      expect(outcomes[0]).toMatchObject({ status: "executed", approvalRequestId: second });
      expect(approvalRequestsFor("refund_shipment")).toHaveLength(2);
    } finally {
      workers.kill();
      await volatile.close();
    }
  }, 60_000);

  it("with Redis still down when the reviewer approves: nothing runs, and once Redis is back a retry resumes the same approval and runs it once", async () => {
    const durable = await startRedisServer({ persistence: "append_only" });
    const call = { toolName: "refund_fee", input: { id: "fee_1" }, toolCallId: "call-7" };
    const options = { ...workerOptions("down", call), redisUrl: durable.url, commandTimeoutMs: 500 };
    const workers = startRedisWorkers(1, options);
    let retry: ReturnType<typeof startRedisWorkers> | undefined;
    try {
      const approvalRequestId = await pendingRequest("refund_fee");
      await durable.stop();
      await reviewer().decideApproval({ approvalRequestId, decision: "approved" });
      // The worker cannot claim the call: it fails closed (the guard rejects while recording).
      await expect(workers.outcomes()).rejects.toThrow(/RedisGuardStoreError/);
      expect(await workers.executions()).toHaveLength(0);
      await durable.restart();
      retry = startRedisWorkers(2, options);
      const outcomes = await retry.outcomes();
      expect(await retry.executions()).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
      expect(outcomes[0]).toMatchObject({ status: "executed", approvalRequestId });
      expect(approvalRequestsFor("refund_fee")).toHaveLength(1);
    } finally {
      workers.kill();
      retry?.kill();
      await durable.close();
    }
  }, 60_000);
});
