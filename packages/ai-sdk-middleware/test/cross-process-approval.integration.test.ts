import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { type RunningMockServer, startMockServer } from "@sentrail/mock-server/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningRedisServer,
  startRedisServer,
} from "../../guard-store-redis/test/helpers/start-redis-server";
import type {
  NativeApprovalWorkerOptions,
  NativeApprovalWorkerResult,
} from "./helpers/native-approval-worker";

// Native approvals across server instances: each request of the chat is served by another process
// (its own gate, its own Sentrail client, its own node-redis client), and the processes share only one
// real redis-server (the gate's `store`) and one loopback sentrail-mock. The approval is requested in
// one process and answered in others.

const WORKER = fileURLToPath(new URL("./helpers/native-approval-worker.ts", import.meta.url));
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Chat servers", settings: { unmatchedDecision: "allow" } }],
  members: [{ userId: REVIEWER_ID, role: "reviewer", email: "reviewer@example.com" }],
  apiKeys: [{ key: API_KEY, name: "chat", scopes: ["evaluate"] }],
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
const children = new Set<ChildProcess>();

beforeAll(async () => {
  sentrail = await startMockServer({ seed, host: "127.0.0.1", quiet: true });
  redis = await startRedisServer();
  directory = await mkdtemp(join(tmpdir(), "sentrail-ai-sdk-native-"));
});
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await sentrail?.close();
  await redis?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** Runs one server instance to its end and answers what it printed; rejects if it fails or takes 60 s. */
function runWorker(options: NativeApprovalWorkerOptions): Promise<NativeApprovalWorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(options)], {
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const line = stdout.trim().split("\n").at(-1);
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`worker ${child.pid} exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
    });
  });
}

const reviewer = () =>
  createSentrailAdminClient({
    accessToken: () => sentrail.mock.control.token(REVIEWER_ID),
    baseUrl: sentrail.baseUrl,
  });

const approvalRequests = () =>
  sentrail.mock.control.state().approvalRequests.filter((row) => row.action === "refund_order");
/** Audit rows of evaluations (not the reviewer's decision, which carries `payload_preview.reviewer`). */
const evaluationRows = () =>
  sentrail.mock.control
    .state()
    .auditLogs.filter(
      (row) =>
        row.action === "refund_order" &&
        (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined,
    );

type ToolResultPart = { type: string; toolCallId?: string; output?: { value?: unknown } };
/** The tool result the model was given for `toolCallId` in a worker's response messages. */
function toolResultOf(result: NativeApprovalWorkerResult, toolCallId: string): unknown {
  for (const message of result.responseMessages as Array<{ role: string; content: unknown }>) {
    if (message.role !== "tool" || !Array.isArray(message.content)) continue;
    for (const part of message.content as ToolResultPart[]) {
      if (part.type === "tool-result" && part.toolCallId === toolCallId) return part.output?.value;
    }
  }
  return undefined;
}

describe("native approvals across processes sharing one Redis", () => {
  it("asks in one process and, after the reviewer approves, runs the call once when two other processes receive the same approval response at once", async () => {
    const executionsFile = join(directory, "refund.executions");
    const base = {
      baseUrl: sentrail.baseUrl,
      apiKey: API_KEY,
      redisUrl: redis.url,
      keyPrefix: "chat-servers:",
      executionsFile,
    };
    const prompt = "Refund order o_1 (40 EUR)";
    const call = { toolCallId: "call_1", toolName: "refund_order", input: { orderId: "o_1", amount: 40 } };

    // Server instance A: the model asks for the refund, Sentrail holds it, the chat gets the SDK's
    // own approval request, and the process exits.
    const asked = await runWorker({ ...base, prompt, turns: [{ toolCall: call }] });
    // The tests run on AI SDK 6 and, with vitest.v7.config.ts, 7: the worker processes run on the same.
    expect(asked.aiSdkMajor).toBe(process.env.SENTRAIL_AI_SDK_MAJOR === "7" ? 7 : 6);
    const request = asked.content.find((part) => part.type === "tool-approval-request");
    expect(request).toMatchObject({ approvalId: expect.any(String), toolCall: { toolCallId: "call_1" } });
    const [approval] = approvalRequests();
    expect(approval).toMatchObject({ status: "pending" });
    expect(await readFile(executionsFile, "utf8").catch(() => "")).toBe("");

    await reviewer().decideApproval({ approvalRequestId: approval?.id as string, decision: "approved" });

    // Server instances B and C: new processes, new gates, the same Redis. The chat submits its
    // approval response twice at the same moment (a double click, a retried request).
    const messages = [
      { role: "user", content: prompt },
      ...asked.responseMessages,
      {
        role: "tool",
        content: [{ type: "tool-approval-response", approvalId: request?.approvalId, approved: true }],
      },
    ];
    const answer = { ...base, messages, turns: [{ text: "Refunded." }], startAt: Date.now() + 1_500 };
    const [b, c] = await Promise.all([runWorker(answer), runWorker(answer)]);

    const executions = (await readFile(executionsFile, "utf8")).split("\n").filter((line) => line !== "");
    expect(executions).toHaveLength(1);
    const expected = { refunded: "o_1", amount: 40, executedBy: Number(executions[0]) };
    expect(toolResultOf(b, "call_1")).toEqual(expected);
    expect(toolResultOf(c, "call_1")).toEqual(expected);
    expect(b.text).toBe("Refunded.");
    expect(c.text).toBe("Refunded.");
    expect(approvalRequests()).toHaveLength(1);
    expect(approvalRequests()[0]).toMatchObject({ id: approval?.id, status: "approved" });
    expect(evaluationRows()).toHaveLength(1);

    // Server instance D, later: the same approval response again reads the call's one result.
    const again = await runWorker({ ...answer, startAt: undefined });
    expect(toolResultOf(again, "call_1")).toEqual(expected);
    expect((await readFile(executionsFile, "utf8")).split("\n").filter((line) => line !== "")).toEqual(
      executions,
    );
    expect(evaluationRows()).toHaveLength(1);
  }, 120_000);
});
