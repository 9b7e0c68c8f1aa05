import { randomUUID } from "node:crypto";
import { createSentrailClient, type ToolName } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { AuditLogRow, Seed } from "@sentrail/mock-server";
import { setupMockSentrail } from "@sentrail/mock-server/node";
import { tool } from "ai";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { z } from "zod";
import { createSentrailGate, type SentrailGateOptions } from "../src/create-sentrail-gate";

export const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const ADMIN_ID = randomUUID();

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "AI SDK tests", settings: { unmatchedDecision: "allow" } }],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "reviewer@example.com" },
    { userId: ADMIN_ID, role: "admin", email: "admin@example.com" },
  ],
  apiKeys: [{ key: API_KEY, name: "agent", scopes: ["evaluate", "gateway", "mcp"] }],
  policies: [
    { name: "Allow lookups", tool: "internal_api", actionPattern: "lookup_*", mode: "allow", priority: 10 },
    { name: "No deletes", tool: "internal_api", actionPattern: "delete_*", mode: "block", priority: 10 },
    {
      name: "Approve refunds",
      tool: "internal_api",
      actionPattern: "refund*",
      mode: "require_approval",
      priority: 10,
    },
  ],
};

/** Sleeps 2 ms of real time but advances the guard's virtual clock by the scheduled delay. */
function virtualPolling() {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          now += ms;
          resolve();
        }, 2);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
  };
}

/**
 * The offline Sentrail (the mock server in-process, MSW) seeded with three policies — `lookup_*` allow,
 * `delete_*` block, `refund*` require approval — plus a reviewer and an admin, and shop tools whose
 * `execute` functions are spies. Registers `beforeAll`/`afterEach`/`afterAll` hooks.
 */
export function setupSentrailTestBed() {
  const sentrail = setupMockSentrail({ seed, onUnhandledRequest: "error" });
  beforeAll(() => sentrail.listen());
  afterEach(() => sentrail.reset());
  afterAll(() => sentrail.close());

  const client = () => createSentrailClient({ apiKey: API_KEY, baseUrl: sentrail.baseUrl });
  const admin = (userId: string) =>
    createSentrailAdminClient({
      accessToken: () => sentrail.control.token(userId),
      baseUrl: sentrail.baseUrl,
    });

  /** A gate on a fresh client (fresh call records), with virtual polling and every pending approval id collected. */
  const createGate = (options: Partial<SentrailGateOptions> = {}) => {
    const pending: string[] = [];
    const gate = createSentrailGate({
      client: client(),
      agentId: "ai-sdk-tests",
      polling: virtualPolling(),
      // Virtual time runs fast: the default 10 min would pass in ~25 polls, before a slow machine has every
      // call waiting and the test's reviewer decides. A test about timing out passes its own.
      approvalTimeoutMs: 24 * 60 * 60 * 1000,
      ...options,
      onPending: (event) => {
        if (event.update === null) pending.push(event.approvalRequestId);
        options.onPending?.(event);
      },
    });
    /** Resolves with the approval ids once `count` calls have asked for one. */
    const waiting = async (count: number) => {
      await vi.waitUntil(() => pending.length >= count, { timeout: 10_000 });
      return [...pending];
    };
    return { gate, pending, waiting };
  };

  const createShopTools = () => {
    const lookupOrder = vi.fn(async ({ orderId }: { orderId: string }) => ({ orderId, status: "shipped" }));
    const deleteAccount = vi.fn(async ({ userId }: { userId: string }) => ({ deleted: userId }));
    const refundOrder = vi.fn(async ({ orderId, amount }: { orderId: string; amount: number }) => ({
      refunded: orderId,
      amount,
    }));
    const tools = {
      lookup_order: tool({
        description: "Look up an order",
        inputSchema: z.object({ orderId: z.string() }),
        execute: (input) => lookupOrder(input),
      }),
      delete_account: tool({
        description: "Delete a user account",
        inputSchema: z.object({ userId: z.string() }),
        execute: (input) => deleteAccount(input),
      }),
      refund_order: tool({
        description: "Refund an order",
        inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
        execute: (input) => refundOrder(input),
      }),
      ask_user: tool({
        description: "Ask the user (answered by the UI)",
        inputSchema: z.object({ question: z.string() }),
      }),
    };
    return { tools, lookupOrder, deleteAccount, refundOrder };
  };

  return {
    sentrail,
    client,
    createGate,
    createShopTools,
    approve: (approvalRequestId: string) =>
      admin(REVIEWER_ID).decideApproval({ approvalRequestId, decision: "approved" }),
    deny: (approvalRequestId: string) =>
      admin(REVIEWER_ID).decideApproval({ approvalRequestId, decision: "denied", reason: "Not this one" }),
    enableKillSwitch: () => admin(ADMIN_ID).enableKillSwitch(WORKSPACE_ID),
    disableKillSwitch: () => admin(ADMIN_ID).disableKillSwitch(WORKSPACE_ID),
    pauseTool: (toolName: ToolName) => admin(ADMIN_ID).pauseTool(WORKSPACE_ID, toolName),
    /**
     * Audit rows written by evaluations: not reviewer decisions (they carry `payload_preview.reviewer`)
     * and not the operators' kill-switch and pause actions (tool `system`).
     */
    evaluationRows: (): AuditLogRow[] =>
      sentrail.control
        .state()
        .auditLogs.filter(
          (row) =>
            row.tool !== "system" &&
            (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined,
        ),
  };
}
