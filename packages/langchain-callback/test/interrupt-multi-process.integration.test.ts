// `createSentrailMiddleware({ approval: "interrupt" })` across real processes: each step of a thread
// (pause, resume, re-invoke) runs in its own worker process (test/helpers/interrupt-agent-worker.ts),
// which exits afterwards. Only three things are shared, as in production: one real redis-server (the
// LangGraph checkpointer and the Sentrail guard store), and one loopback sentrail-mock (the decision).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { type RunningMockServer, startMockServer } from "@sentrail/mock-server/node";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningRedisServer,
  startRedisServer,
} from "../../guard-store-redis/test/helpers/start-redis-server";
import type { SentrailApprovalInterrupt } from "../src/create-sentrail-approval-interrupt";
import { isSentrailApprovalInterrupt } from "../src/is-sentrail-approval-interrupt";
import type {
  InterruptAgentWorkerOptions,
  InterruptAgentWorkerReport,
} from "./helpers/interrupt-agent-worker";
import { executionsKey, runInterruptAgentWorker } from "./helpers/run-interrupt-agent-worker";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";

/** Each story starts 2 to 3 worker processes (tsx + LangChain each) on a shared 2-core machine. */
const TIMEOUT_MS = 180_000;

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Interrupt workers", settings: { unmatchedDecision: "allow" } }],
  members: [{ userId: REVIEWER_ID, role: "reviewer", email: "reviewer@example.com" }],
  apiKeys: [{ key: API_KEY, name: "agents", scopes: ["evaluate"] }],
  policies: [
    {
      name: "Approve refunds",
      tool: "internal_api",
      actionPattern: "refund_*",
      mode: "require_approval",
      priority: 10,
    },
  ],
};

let sentrail: RunningMockServer;
let redisServer: RunningRedisServer;
let redis: ReturnType<typeof createClient>;
beforeAll(async () => {
  // CI installs Debian's redis-server (.ci/run); a missing one is a failure, never a skip.
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "redis-server is not on PATH: these tests need a real Redis (apt-get install redis-server)",
    );
  }
  sentrail = await startMockServer({ seed, quiet: true });
  redisServer = await startRedisServer();
  redis = createClient({ url: redisServer.url });
  redis.on("error", () => undefined);
  await redis.connect();
}, 30_000);
afterAll(async () => {
  await redis?.quit();
  await redisServer?.close();
  await sentrail?.close();
});

/** What one story's workers share: the Sentrail mock, the Redis, a key prefix and a thread of its own. */
function story(name: string) {
  const shared = {
    baseUrl: sentrail.baseUrl,
    apiKey: API_KEY,
    redisUrl: redisServer.url,
    keyPrefix: `interrupt-${name}:`,
    threadId: `thread-${name}`,
  };
  // The mock is shared by the stories (run one after the other): this one's rows are those added from now.
  const startState = sentrail.mock.control.state();
  const auditFrom = startState.auditLogs.length;
  const approvalsFrom = startState.approvalRequests.length;
  const run = (step: InterruptAgentWorkerOptions["step"], barrier?: InterruptAgentWorkerOptions["barrier"]) =>
    runInterruptAgentWorker({ ...shared, step, ...(barrier === undefined ? {} : { barrier }) });
  return {
    run,
    /** Process A: starts the thread, which pauses on the refund; resolves once A has exited. */
    async pause(): Promise<SentrailApprovalInterrupt> {
      const report = await run({ kind: "start" });
      expect(report.interrupts).toHaveLength(1);
      const [value] = report.interrupts;
      if (!isSentrailApprovalInterrupt(value))
        throw new Error(`not a Sentrail interrupt: ${JSON.stringify(value)}`);
      expect(report.toolMessages).toEqual([]);
      return value;
    },
    /** The pids that started the tool, in order, from the shared Redis list. */
    executions: () => redis.lRange(executionsKey(shared.keyPrefix), 0, -1),
    /**
     * What Sentrail recorded during this story: evaluation rows, reviewer-decision rows (they carry
     * `payload_preview.reviewer`) and approval requests.
     */
    audit() {
      const state = sentrail.mock.control.state();
      const rows = state.auditLogs.slice(auditFrom);
      const isDecision = (row: (typeof rows)[number]) =>
        (row.payload_preview as { reviewer?: unknown } | null)?.reviewer !== undefined;
      return {
        evaluations: rows.filter((row) => !isDecision(row)),
        decisions: rows.filter(isDecision),
        approvalRequests: state.approvalRequests.slice(approvalsFrom),
      };
    },
  };
}

/**
 * What a user relies on in Sentrail's records: the held call was evaluated once (the row the interrupt
 * names), one approval request was opened, and the reviewer's decision (if any) was recorded once.
 */
function expectAuditedOnce(
  thread: ReturnType<typeof story>,
  value: SentrailApprovalInterrupt,
  decisions: number,
) {
  const audit = thread.audit();
  expect(audit.evaluations).toHaveLength(1);
  expect(audit.evaluations[0]).toMatchObject({
    id: value.auditLogId,
    correlation_id: value.correlationId,
    action: "refund_invoice",
    decision: "require_approval",
  });
  expect(audit.approvalRequests.map((row) => row.id)).toEqual([value.approvalRequestId]);
  expect(audit.decisions).toHaveLength(decisions);
  for (const row of audit.decisions) expect(row.correlation_id).toBe(value.correlationId);
}

const reviewer = () =>
  createSentrailAdminClient({
    accessToken: () => sentrail.mock.control.token(REVIEWER_ID),
    baseUrl: sentrail.baseUrl,
  });

const approvalRequest = (id: string) =>
  sentrail.mock.control.state().approvalRequests.find((row) => row.id === id);

function refundMessage(report: InterruptAgentWorkerReport) {
  const messages = report.toolMessages.filter((message) => message.toolCallId === "call_refund");
  expect(messages).toHaveLength(1);
  return messages[0] as InterruptAgentWorkerReport["toolMessages"][number];
}

describe('approval: "interrupt" across processes (one Redis, one sentrail-mock)', () => {
  it(
    "pauses in process A, which exits; after approval process B resumes with the value and the tool runs exactly once",
    async () => {
      const thread = story("approved-resume");
      const value = await thread.pause();
      expect(value).toMatchObject({
        type: "sentrail_approval",
        toolName: "refund_invoice",
        toolCallId: "call_refund",
        args: { invoiceId: "in_1" },
        reason: expect.stringContaining("Approve refunds"),
      });
      expect(approvalRequest(value.approvalRequestId)?.status).toBe("pending");
      expect(await thread.executions()).toEqual([]);

      await reviewer().decideApproval({ approvalRequestId: value.approvalRequestId, decision: "approved" });
      const resumed = await thread.run({ kind: "resume", resume: value });

      expect(await thread.executions()).toEqual([String(resumed.pid)]);
      expect(resumed.interrupts).toEqual([]);
      expect(refundMessage(resumed)).toMatchObject({
        content: "refunded in_1",
        sentrail: { status: "executed", approvalRequestId: value.approvalRequestId },
      });
      expect(resumed.modelRead).toEqual([{ toolCallId: "call_refund", content: "refunded in_1" }]);
      expect(resumed.lastMessage).toBe(`Done (worker ${resumed.pid}).`);

      // A third process resuming the finished thread runs nothing again.
      await thread.run({ kind: "resume", resume: value });
      expect(await thread.executions()).toHaveLength(1);
      expectAuditedOnce(thread, value, 1);
    },
    TIMEOUT_MS,
  );

  it(
    "runs the approved call exactly once when process B simply re-invokes the thread (invoke(null))",
    async () => {
      const thread = story("approved-reinvoke");
      const value = await thread.pause();
      await reviewer().decideApproval({ approvalRequestId: value.approvalRequestId, decision: "approved" });

      const resumed = await thread.run({ kind: "reinvoke" });
      expect(await thread.executions()).toEqual([String(resumed.pid)]);
      expect(resumed.interrupts).toEqual([]);
      expect(refundMessage(resumed).content).toBe("refunded in_1");
      expect(resumed.modelRead).toEqual([{ toolCallId: "call_refund", content: "refunded in_1" }]);
      expectAuditedOnce(thread, value, 1);
    },
    TIMEOUT_MS,
  );

  it(
    "never runs a denied call: process B's model reads that a reviewer denied it, and not to retry",
    async () => {
      const thread = story("denied");
      const value = await thread.pause();
      await reviewer().decideApproval({
        approvalRequestId: value.approvalRequestId,
        decision: "denied",
        reason: "Refund window closed",
      });

      const resumed = await thread.run({ kind: "resume", resume: value });
      expect(await thread.executions()).toEqual([]);
      const refusal = refundMessage(resumed);
      expect(refusal.status).toBe("error");
      expect(JSON.parse(refusal.content)).toMatchObject({
        executed: false,
        status: "denied",
        sideEffect: "not_started",
        retrySafe: false,
        reason: "A reviewer denied the approval request",
        message: expect.stringContaining("Do not retry"),
      });
      expect(resumed.modelRead).toEqual([{ toolCallId: "call_refund", content: refusal.content }]);
      expectAuditedOnce(thread, value, 1);
    },
    TIMEOUT_MS,
  );

  it(
    "runs the call exactly once when processes B and C resume the approved thread at the same moment",
    async () => {
      const thread = story("approved-race");
      const value = await thread.pause();
      await reviewer().decideApproval({ approvalRequestId: value.approvalRequestId, decision: "approved" });

      // Both workers start (tsx, LangChain, Redis), then take the step together (a barrier in Redis).
      const barrier = { key: "interrupt-approved-race:barrier", parties: 2 };
      const reports = await Promise.all([
        thread.run({ kind: "resume", resume: value }, barrier),
        thread.run({ kind: "resume", resume: value }, barrier),
      ]);
      const executions = await thread.executions();
      expect(executions).toHaveLength(1);
      const ranIt = reports.find((report) => String(report.pid) === executions[0]);
      const other = reports.find((report) => report !== ranIt);
      if (!ranIt || !other) throw new Error(`no report from the executing worker ${executions[0]}`);
      for (const report of reports) {
        // Both end with the thread's one refund result: nothing paused, nothing refused.
        expect(report.interrupts).toEqual([]);
        expect(refundMessage(report)).toMatchObject({
          content: "refunded in_1",
          sentrail: { status: "executed", approvalRequestId: value.approvalRequestId },
        });
      }
      expect(ranIt.modelRead).toEqual([{ toolCallId: "call_refund", content: "refunded in_1" }]);
      // The other worker either met the call settled by the first (the guard store's recorded result,
      // read back from Redis as the same ToolMessage) or, on a slow machine, a thread already finished.
      expect([[], [{ toolCallId: "call_refund", content: "refunded in_1" }]]).toContainEqual(other.modelRead);
      expectAuditedOnce(thread, value, 1);
    },
    TIMEOUT_MS,
  );

  // Last: it stops the mock clock a day ahead.
  it(
    "never runs a call whose approval expired: process B's model reads that it expired",
    async () => {
      const thread = story("expired");
      const value = await thread.pause();
      sentrail.mock.control.clock({ advanceMs: 25 * 3_600_000 });

      const resumed = await thread.run({ kind: "resume", resume: value });
      expect(await thread.executions()).toEqual([]);
      const refusal = refundMessage(resumed);
      expect(refusal.status).toBe("error");
      expect(JSON.parse(refusal.content)).toMatchObject({
        executed: false,
        status: "expired",
        sideEffect: "not_started",
      });
      expect(resumed.modelRead).toEqual([{ toolCallId: "call_refund", content: refusal.content }]);
      expect(approvalRequest(value.approvalRequestId)?.status).toBe("expired");
      expectAuditedOnce(thread, value, 0);
    },
    TIMEOUT_MS,
  );
});
