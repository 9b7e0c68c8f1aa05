// A plain-code agent pipeline (no framework) that gates an internal billing API with the Sentrail
// guard. Sentrail does not proxy internal APIs, so each call is evaluated with evaluate-action and the
// guard enforces the decision in this process (contract §4.10). Runs against the offline mock as a
// real HTTP server; exits non-zero when any step of the story does not happen.
import { randomUUID } from "node:crypto";
import {
  createGuard,
  createSentrailClient,
  type GuardOutcome,
  type GuardPendingEvent,
  SentrailGuardError,
  toGuardToolResult,
} from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";
import { createBillingApi } from "./create-billing-api";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const ADMIN_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
/** Refunds above this need more than the on-call reviewer: they deny them. */
const REVIEWER_LIMIT_CENTS = 10_000;

const seed: Seed = {
  workspaces: [
    { id: WORKSPACE_ID, name: "Acme billing", settings: { unmatchedDecision: "require_approval" } },
  ],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "oncall@acme.test" },
    { userId: ADMIN_ID, role: "admin", email: "admin@acme.test" },
  ],
  apiKeys: [{ key: API_KEY, name: "billing-agent", scopes: ["evaluate"] }],
  policies: [
    { name: "Reads are fine", tool: "internal_api", actionPattern: "list_*", mode: "allow", priority: 10 },
    {
      name: "Never delete customers",
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

const server = await startMockServer({ seed });
try {
  const billing = createBillingApi();
  const tokens = server.seeded?.tokens ?? {};
  const admin = createSentrailAdminClient({ baseUrl: server.baseUrl, accessToken: tokens[ADMIN_ID] ?? "" });
  const reviewer = createSentrailAdminClient({
    baseUrl: server.baseUrl,
    accessToken: tokens[REVIEWER_ID] ?? "",
  });
  const reviews: Array<Promise<unknown>> = [];

  /** The on-call reviewer, as the dashboard would show them the request: small refunds yes, large ones no. */
  function review({ approvalRequestId }: GuardPendingEvent): void {
    const request = server.mock.control.state().approvalRequests.find((row) => row.id === approvalRequestId);
    const payload = request?.payload as { invoiceId?: string; amountCents?: number } | undefined;
    if (payload?.invoiceId === "in_unanswered") return; // nobody picks this one up
    const decision = (payload?.amountCents ?? Infinity) <= REVIEWER_LIMIT_CENTS ? "approved" : "denied";
    reviews.push(reviewer.decideApproval({ approvalRequestId, decision, reason: `on-call: ${decision}` }));
  }

  const guard = createGuard({
    client: createSentrailClient({ apiKey: API_KEY, baseUrl: server.baseUrl }),
    agentId: "billing-agent",
    tools: {
      refund_invoice: {
        evaluation: (call) => ({
          riskLevel: "high",
          resourceType: "invoice",
          resourceId: (call.input as { invoiceId: string }).invoiceId,
        }),
        approvalTimeoutMs: 60_000,
      },
    },
    // Quick polls so the story runs in a second; the defaults (1 s growing to 10 s) suit production.
    polling: { initialDelayMs: 20, maxDelayMs: 100 },
    onPending: (event) => {
      if (event.update === null) {
        console.log(`  …    waiting for approval ${event.approvalRequestId} (${event.reason})`);
        review(event);
      }
    },
  });

  /** The pipeline's one tool runner: what the model (or the next step) sees is toGuardToolResult's output. */
  async function refund(toolCallId: string, invoiceId: string, amountCents: number, signal?: AbortSignal) {
    return guard.run(
      { toolName: "refund_invoice", input: { invoiceId, amountCents }, toolCallId },
      ({ signal: runSignal }) => billing.refundInvoice(invoiceId, amountCents, runSignal),
      signal ? { signal } : {},
    );
  }

  console.log("1. A read is allowed and runs");
  const listed = await guard.run({ toolName: "list_invoices", input: { customerId: "cus_1" } }, () =>
    billing.listInvoices("cus_1"),
  );
  check(listed.status === "executed" && Array.isArray(listed.result), "list_invoices executed");

  console.log("2. A delete is blocked by policy and never reaches the API");
  const deleted = await guard.run({ toolName: "delete_customer", input: { customerId: "cus_1" } }, () =>
    billing.deleteCustomer("cus_1"),
  );
  const deletedResult = toGuardToolResult(deleted);
  console.log(`       model sees: ${JSON.stringify(deletedResult)}`);
  check(deleted.status === "blocked" && !deleted.retrySafe, "delete_customer blocked, not retry-safe");
  check(
    deleted.reason === "Policy 'Never delete customers' matched",
    "the block carries the policy's reason",
  );
  check(billing.deletedCustomers.length === 0, "no customer was deleted");

  console.log("3. A refund waits for a reviewer, then runs once");
  const approved = await refund("call_1", "in_1", 4200);
  check(
    approved.status === "executed" && approved.decision === "require_approval",
    "refund approved and executed",
  );

  console.log("4. The host retries the same call (same id, same arguments): no second refund");
  const retried = await refund("call_1", "in_1", 4200);
  check(
    retried.status === "executed" && retried.auditLogId === approved.auditLogId,
    "the settled outcome comes back",
  );
  check(billing.refunds.length === 1, "exactly one refund happened");

  console.log("5. Same call id, other arguments: the approval does not carry over");
  const larger = await refund("call_1", "in_1", 5_000_000);
  check(
    larger.status === "denied" && larger.approvalRequestId !== approved.approvalRequestId,
    "a new approval, denied",
  );
  check(billing.refunds.length === 1, "the large refund did not happen");

  console.log(
    "6. Sentrail is down: the guard fails closed; a pipeline that prefers throwing gets SentrailGuardError",
  );
  server.mock.control.faults({ endpoint: "evaluate-action", status: 503 });
  const unavailable = await refund("call_2", "in_2", 1000);
  try {
    if (unavailable.status !== "executed") throw new SentrailGuardError(unavailable);
    check(false, "an unavailable Sentrail must not let the refund run");
  } catch (error) {
    const failed = SentrailGuardError.isInstance(error) ? error.outcome : undefined;
    check(failed?.status === "unavailable" && failed.retrySafe, "unavailable, and a later retry is safe");
  }
  check(billing.refunds.length === 1, "no refund while Sentrail was unreachable");

  console.log("7. The kill switch ends a pending wait; nothing runs");
  const stuck = refund("call_3", "in_unanswered", 900);
  await waitFor(() => server.mock.control.state().approvalRequests.some((row) => row.status === "pending"));
  await admin.enableKillSwitch(WORKSPACE_ID);
  const killed: GuardOutcome = await stuck;
  check(
    killed.status === "kill_switch" && killed.reason === "Kill switch is active",
    "the wait ended on the kill switch",
  );
  check(billing.refunds.length === 1, "still exactly one refund");

  await Promise.all(reviews);
  const evaluations = server.mock.control
    .state()
    .auditLogs.filter(
      (row) =>
        row.tool === "internal_api" &&
        (row.payload_preview as { reviewer?: string } | null)?.reviewer === undefined,
    );
  check(evaluations.length === 5, `five evaluations in the audit log (got ${evaluations.length})`);
} finally {
  await server.close();
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((r) => setTimeout(r, 10));
}

if (failures.length > 0) {
  console.error(`\nThe story did not happen: ${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log("\nThe story happened: every check passed.");
