import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Seed } from "@sentrail/mock-server";
import { type RunningMockServer, startMockServer } from "@sentrail/mock-server/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSentrailAdminClient } from "../src/create-sentrail-admin-client";
import { createFileGuardStore, removeFileGuardStore } from "./helpers/create-file-guard-store";
import { describeGuardStoreContract } from "./helpers/describe-guard-store-contract";

// Exactly once across processes: four worker processes, each with its own guard, share one store and
// run the same tool call at the same moment against a real (loopback) sentrail-mock.

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL("./helpers/guard-worker.ts", import.meta.url));
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

let server: RunningMockServer;
let directory: string;
beforeAll(async () => {
  server = await startMockServer({ seed, quiet: true });
  directory = await mkdtemp(join(tmpdir(), "sentrail-guard-workers-"));
});
afterAll(async () => {
  await server.close();
  await removeFileGuardStore(directory);
});

describeGuardStoreContract("createFileGuardStore", async () =>
  createFileGuardStore(await mkdtemp(join(directory, "contract-"))),
);

/** Starts the workers together (a shared start time a moment ahead) and collects each one's outcome. */
async function runWorkers(
  name: string,
  call: { toolName: string; input: unknown; toolCallId: string },
  extra: { approvalTimeoutMs?: number; resume?: unknown; workers?: number; store?: string } = {},
) {
  const storeDirectory = join(directory, extra.store ?? name);
  const executionsFile = join(directory, `${name}.executions`);
  const options = {
    baseUrl: server.baseUrl,
    apiKey: API_KEY,
    storeDirectory,
    executionsFile,
    startAt: Date.now() + 1_500,
    call,
    approvalTimeoutMs: extra.approvalTimeoutMs,
    resume: extra.resume,
  };
  const workers = Array.from({ length: extra.workers ?? WORKERS }, () =>
    run(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(options)], { timeout: 60_000 }),
  );
  return {
    outcomes: async () =>
      (await Promise.all(workers)).map(({ stdout }) =>
        JSON.parse(stdout.trim().split("\n").at(-1) ?? "null"),
      ),
    executions: async () =>
      (await readFile(executionsFile, "utf8").catch(() => "")).split("\n").filter((line) => line !== ""),
  };
}

const evaluationRows = () =>
  server.mock.control
    .state()
    .auditLogs.filter(
      (row) => (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined,
    );

describe("guard across processes sharing one store", () => {
  it("runs an allowed call exactly once across 4 processes, and every process gets the same outcome", async () => {
    const workers = await runWorkers("allowed", {
      toolName: "list_invoices",
      input: { month: "2026-11" },
      toolCallId: "call-allowed",
    });
    const outcomes = await workers.outcomes();
    const executions = await workers.executions();
    expect(executions).toHaveLength(1);
    expect(outcomes).toHaveLength(WORKERS);
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
    expect(outcomes[0]).toMatchObject({ status: "executed", result: { executedBy: Number(executions[0]) } });
    expect(evaluationRows().filter((row) => row.action === "list_invoices")).toHaveLength(1);
  }, 60_000);

  it("asks once and runs an approved call exactly once across 4 processes", async () => {
    const workers = await runWorkers("approved", {
      toolName: "refund_invoice",
      input: { id: "in_1" },
      toolCallId: "call-approved",
    });
    const reviewer = createSentrailAdminClient({
      accessToken: () => server.mock.control.token(REVIEWER_ID),
      baseUrl: server.baseUrl,
    });
    let approvalRequestId: string | undefined;
    for (let attempt = 0; attempt < 600 && !approvalRequestId; attempt++) {
      approvalRequestId = server.mock.control.state().approvalRequests[0]?.id as string | undefined;
      if (!approvalRequestId) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (!approvalRequestId) throw new Error("no approval request appeared");
    // Give every worker time to find the open approval and wait on it too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await reviewer.decideApproval({ approvalRequestId, decision: "approved" });
    const outcomes = await workers.outcomes();
    const executions = await workers.executions();
    expect(executions).toHaveLength(1);
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
    expect(outcomes[0]).toMatchObject({ status: "executed", approvalRequestId });
    expect(server.mock.control.state().approvalRequests).toHaveLength(1);
    expect(evaluationRows().filter((row) => row.action === "refund_invoice")).toHaveLength(1);
  }, 60_000);

  it("hands a held call to other processes: one asks and exits, two others resume it, it runs once", async () => {
    const call = {
      toolName: "refund_invoice",
      input: { id: "in_9", amount: 12 },
      toolCallId: "call-handed-over",
    };
    const asking = await runWorkers("handover-ask", call, { approvalTimeoutMs: 0, workers: 1 });
    const [asked] = await asking.outcomes();
    expect(asked).toMatchObject({ status: "timed_out", sideEffect: "not_started", wait: { polls: 1 } });
    expect(asked.resume).toMatchObject({ type: "sentrail.guard.approval", toolName: "refund_invoice" });
    const reviewer = createSentrailAdminClient({
      accessToken: () => server.mock.control.token(REVIEWER_ID),
      baseUrl: server.baseUrl,
    });
    await reviewer.decideApproval({
      approvalRequestId: asked.resume.evaluation.approvalRequestId,
      decision: "approved",
    });
    // Two new processes on another store (the first process's records are gone) take the handle over.
    const resuming = await runWorkers("handover-resume", call, { resume: asked.resume, workers: 2 });
    const outcomes = await resuming.outcomes();
    expect(await resuming.executions()).toHaveLength(1);
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
    expect(outcomes[0]).toMatchObject({
      status: "executed",
      approvalRequestId: asked.resume.evaluation.approvalRequestId,
    });
    expect(
      server.mock.control.state().approvalRequests.filter((row) => row.action === "refund_invoice"),
    ).toHaveLength(2);
  }, 60_000);
});
