// The offline Sentrail every integration test of this package runs against (MSW, in-process), plus
// the tools the stories use. Each tool records its executions so a test can prove it ran, and ran once.
import { randomUUID } from "node:crypto";
import { tool } from "@langchain/core/tools";
import {
  createGuard,
  createSentrailClient,
  type GuardOptions,
  type GuardPendingEvent,
} from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { AuditLogRow, Seed } from "@sentrail/mock-server";
import { type MockSentrailSetup, setupMockSentrail } from "@sentrail/mock-server/node";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { z } from "zod";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const ADMIN_ID = randomUUID();
export const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "LangChain tests", settings: { unmatchedDecision: "allow" } }],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "reviewer@example.com" },
    { userId: ADMIN_ID, role: "admin", email: "admin@example.com" },
  ],
  apiKeys: [{ key: API_KEY, name: "agent", scopes: ["evaluate"] }],
  policies: [
    { name: "Reads are fine", tool: "internal_api", actionPattern: "list_*", mode: "allow", priority: 10 },
    {
      name: "Never delete repos",
      tool: "internal_api",
      actionPattern: "delete_*",
      mode: "block",
      priority: 10,
    },
    {
      name: "Approve refunds",
      tool: "internal_api",
      actionPattern: "refund_*",
      mode: "require_approval",
      priority: 10,
    },
  ],
};

/**
 * Starts the mock for the calling test file and returns what the tests use: a guard factory (short
 * polls, pending approvals collected), the reviewer and the admin, and tools that record executions.
 */
export function setupSentrailFixture() {
  const sentrail: MockSentrailSetup = setupMockSentrail({ seed, onUnhandledRequest: "error" });
  beforeAll(() => sentrail.listen());
  afterEach(() => sentrail.reset());
  afterAll(() => sentrail.close());

  const admin = (userId: string) =>
    createSentrailAdminClient({
      accessToken: () => sentrail.control.token(userId),
      baseUrl: sentrail.baseUrl,
    });

  const pending: GuardPendingEvent[] = [];
  afterEach(() => {
    pending.length = 0;
  });

  return {
    sentrail,
    client: () => createSentrailClient({ apiKey: API_KEY, baseUrl: sentrail.baseUrl }),
    guardOptions(options: Partial<GuardOptions> = {}): GuardOptions {
      return {
        client: createSentrailClient({ apiKey: API_KEY, baseUrl: sentrail.baseUrl }),
        agentId: "langchain-tests",
        polling: { initialDelayMs: 5, maxDelayMs: 20 },
        onPending: (event) => pending.push(event),
        ...options,
      };
    },
    guard(options: Partial<GuardOptions> = {}) {
      return createGuard(this.guardOptions(options));
    },
    /** Resolves with the approval ids once `count` calls wait for a reviewer. */
    async waiting(count: number): Promise<string[]> {
      const started = () => pending.filter((event) => event.update === null);
      await vi.waitUntil(() => started().length >= count, { timeout: 10_000, interval: 5 });
      return started().map((event) => event.approvalRequestId);
    },
    approve: (approvalRequestId: string) =>
      admin(REVIEWER_ID).decideApproval({ approvalRequestId, decision: "approved" }),
    deny: (approvalRequestId: string) =>
      admin(REVIEWER_ID).decideApproval({ approvalRequestId, decision: "denied", reason: "Not today" }),
    enableKillSwitch: () => admin(ADMIN_ID).enableKillSwitch(WORKSPACE_ID),
    /** Audit rows written by evaluations (reviewer decisions carry `payload_preview.reviewer`). */
    evaluationRows: (): AuditLogRow[] =>
      sentrail.control
        .state()
        .auditLogs.filter(
          (row) => (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined,
        ),
  };
}

/** Three tools with one policy each (allow, block, approval), and a record of what really ran. */
export function createRecordingTools() {
  const executions: Array<{ tool: string; args: unknown }> = [];
  const listIssues = tool(
    async (args) => {
      executions.push({ tool: "list_issues", args });
      return `2 open issues in ${args.repo}`;
    },
    { name: "list_issues", description: "List open issues", schema: z.object({ repo: z.string() }) },
  );
  const deleteRepo = tool(
    async (args) => {
      executions.push({ tool: "delete_repo", args });
      return `deleted ${args.repo}`;
    },
    { name: "delete_repo", description: "Delete a repository", schema: z.object({ repo: z.string() }) },
  );
  const refundInvoice = tool(
    async (args) => {
      executions.push({ tool: "refund_invoice", args });
      return `refunded ${args.invoiceId}`;
    },
    {
      name: "refund_invoice",
      description: "Refund an invoice",
      schema: z.object({ invoiceId: z.string() }),
    },
  );
  const ran = (name: string) => executions.filter((execution) => execution.tool === name).length;
  return {
    executions,
    ran,
    listIssues,
    deleteRepo,
    refundInvoice,
    all: [listIssues, deleteRepo, refundInvoice],
  };
}
