// A Vercel AI SDK support agent whose tools are gated by Sentrail with one line (`withSentrail` /
// `gate.tools`). A fake model (the AI SDK's MockLanguageModelV3) looks up an order (allowed), tries to
// delete the account (blocked by policy), and refunds the order (approved by a scripted on-call
// reviewer through the real approval-decision endpoint). Then an admin pulls the kill switch and the
// tool-filter middleware hides the gated tools. Runs against the offline mock as a real HTTP server;
// exits non-zero when any step of the story does not happen.
import { randomUUID } from "node:crypto";
import { createSentrailGate, createSentrailToolFilterMiddleware } from "@sentrail/ai-sdk-middleware";
import { createSentrailClient } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";
import { generateText, stepCountIs, tool, wrapLanguageModel } from "ai";
import { z } from "zod";
import { createSupportModel } from "./create-support-model";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const ADMIN_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";

const seed: Seed = {
  workspaces: [
    { id: WORKSPACE_ID, name: "Acme support", settings: { unmatchedDecision: "require_approval" } },
  ],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "oncall@acme.test" },
    { userId: ADMIN_ID, role: "admin", email: "admin@acme.test" },
  ],
  apiKeys: [{ key: API_KEY, name: "support-agent", scopes: ["evaluate"] }],
  policies: [
    {
      name: "Lookups are fine",
      tool: "internal_api",
      actionPattern: "lookup_*",
      mode: "allow",
      priority: 10,
    },
    {
      name: "Never delete accounts",
      tool: "internal_api",
      actionPattern: "delete_*",
      mode: "block",
      priority: 10,
    },
    {
      name: "A person approves refunds",
      tool: "internal_api",
      actionPattern: "refund_*",
      mode: "require_approval",
      priority: 20,
    },
  ],
};

const failures: string[] = [];
function check(condition: boolean, what: string): void {
  console.log(`${condition ? "  ok  " : "  FAIL"} ${what}`);
  if (!condition) failures.push(what);
}

/** The shop's own API: what actually happened, to check against what the model was told. */
const shop = { lookups: [] as string[], deletions: [] as string[], refunds: [] as string[] };
const supportTools = {
  lookup_order: tool({
    description: "Look up an order",
    inputSchema: z.object({ orderId: z.string() }),
    execute: async ({ orderId }) => {
      shop.lookups.push(orderId);
      return { orderId, status: "delivered", totalCents: 4200 };
    },
  }),
  delete_account: tool({
    description: "Delete the customer's account",
    inputSchema: z.object({ customerId: z.string() }),
    execute: async ({ customerId }) => {
      shop.deletions.push(customerId);
      return { deleted: customerId };
    },
  }),
  refund_order: tool({
    description: "Refund an order",
    inputSchema: z.object({ orderId: z.string(), amountCents: z.number() }),
    execute: async ({ orderId, amountCents }) => {
      shop.refunds.push(orderId);
      return { refunded: orderId, amountCents };
    },
  }),
};

const server = await startMockServer({ seed });
try {
  const tokens = server.seeded?.tokens ?? {};
  const reviewer = createSentrailAdminClient({
    baseUrl: server.baseUrl,
    accessToken: tokens[REVIEWER_ID] ?? "",
  });
  const admin = createSentrailAdminClient({ baseUrl: server.baseUrl, accessToken: tokens[ADMIN_ID] ?? "" });
  const reviews: Array<Promise<unknown>> = [];

  const gate = createSentrailGate({
    client: createSentrailClient({ apiKey: API_KEY, baseUrl: server.baseUrl }),
    agentId: "support-agent",
    tools: { refund_order: { evaluation: { riskLevel: "high", resourceType: "order" } } },
    // Shortened so the story takes a moment; production keeps the defaults (1 s growing to 10 s).
    polling: { initialDelayMs: 20, maxDelayMs: 100 },
    // The on-call reviewer approves refunds as soon as they are asked (the real approval-decision endpoint).
    onPending: ({ approvalRequestId, update }) => {
      if (update === null) {
        reviews.push(
          reviewer.decideApproval({ approvalRequestId, decision: "approved", reason: "Order was late" }),
        );
      }
    },
  });
  const tools = gate.tools(supportTools);

  console.log("1. The agent looks up the order, tries to delete the account, refunds the order");
  const support = createSupportModel([
    { toolName: "lookup_order", input: { orderId: "o_42" } },
    { toolName: "delete_account", input: { customerId: "cus_7" } },
    { toolName: "refund_order", input: { orderId: "o_42", amountCents: 4200 } },
  ]);
  const model = wrapLanguageModel({
    model: support.model,
    middleware: createSentrailToolFilterMiddleware({ gate }),
  });
  const result = await generateText({
    model,
    tools,
    stopWhen: stepCountIs(6),
    prompt: "My order o_42 was late. Refund it and delete my account.",
  });
  console.log(result.text.replace(/^/gm, "       model> "));
  check(shop.lookups.join() === "o_42", "allowed: the lookup ran once");
  check(shop.deletions.length === 0, "blocked: the account was not deleted");
  check(
    result.text.includes("delete_account: not done (blocked: Policy 'Never delete accounts' matched)"),
    "the model was told the deletion did not run, and why",
  );
  check(shop.refunds.join() === "o_42", "approved by the reviewer: the refund ran once");
  check(
    result.text.includes('refund_order: done {"refunded":"o_42"'),
    "the model got the refund's real result",
  );
  const approvals = server.mock.control.state().approvalRequests;
  check(
    approvals.length === 1 && approvals[0]?.status === "approved",
    "one approval request, approved through approval-decision",
  );

  console.log("2. An admin pulls the kill switch: the gated tools disappear from the model's view");
  await admin.enableKillSwitch(WORKSPACE_ID);
  const stopped = createSupportModel([
    { toolName: "refund_order", input: { orderId: "o_43", amountCents: 100 } },
  ]);
  const stoppedModel = wrapLanguageModel({
    model: stopped.model,
    middleware: createSentrailToolFilterMiddleware({ gate }),
  });
  const afterKill = await generateText({
    model: stoppedModel,
    tools,
    stopWhen: stepCountIs(4),
    prompt: "Refund o_43",
  });
  check(
    afterKill.text.includes("refund_order: not done (blocked: Kill switch is active)"),
    "the model read the kill switch",
  );
  check(stopped.offered[1]?.length === 0, "the next model call was offered no gated tool");
  check(shop.refunds.length === 1, "still exactly one refund");

  await Promise.all(reviews);
  const evaluations = server.mock.control
    .state()
    .auditLogs.filter(
      (row) =>
        row.tool === "internal_api" &&
        (row.payload_preview as { reviewer?: string } | null)?.reviewer === undefined,
    );
  check(evaluations.length === 4, `four evaluations in the audit log (got ${evaluations.length})`);
} finally {
  await server.close();
}

if (failures.length > 0) {
  console.error(`\nThe story did not happen: ${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log("\nThe story happened: every check passed.");
