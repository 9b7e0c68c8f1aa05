// A LangChain v1 agent whose tools are gated by Sentrail. The model is LangChain's own fake
// tool-calling model, so no LLM key or network is needed; Sentrail is the offline mock, started as a
// real HTTP server on a free loopback port. In one turn the model asks for three tools at once:
//
//   list_issues     allowed by policy            → runs
//   delete_repo     blocked by policy            → never runs; the model reads why and not to retry
//   refund_invoice  needs a person's approval    → a scripted reviewer approves it through the real
//                                                  approval-decision endpoint; it runs exactly once
//
// Then the same tool outside an agent, gated by the callback handler: the blocked delete throws
// before the tool body runs. Exits non-zero when any step of the story does not happen.
import { randomUUID } from "node:crypto";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { createGuard, createSentrailClient, type GuardPendingEvent } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import {
  createSentrailMiddleware,
  SentrailCallbackHandler,
  type SentrailMessageMetadata,
} from "@sentrail/langchain-callback";
import type { Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";
import { createAgent } from "langchain";
import { createRepositoryTools } from "./create-repository-tools";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";

const seed: Seed = {
  workspaces: [
    { id: WORKSPACE_ID, name: "Acme support", settings: { unmatchedDecision: "require_approval" } },
  ],
  members: [{ userId: REVIEWER_ID, role: "reviewer", email: "oncall@acme.test" }],
  apiKeys: [{ key: API_KEY, name: "support-agent", scopes: ["evaluate"] }],
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
  const reviewer = createSentrailAdminClient({
    baseUrl: server.baseUrl,
    accessToken: server.seeded?.tokens[REVIEWER_ID] ?? "",
  });
  const reviews: Array<Promise<unknown>> = [];
  /** The on-call reviewer: approves refunds up to 100 €, as they would from the dashboard. */
  function review({ approvalRequestId, update }: GuardPendingEvent): void {
    if (update !== null) return;
    const request = server.mock.control.state().approvalRequests.find((row) => row.id === approvalRequestId);
    const amountCents = (request?.payload as { amountCents?: number } | undefined)?.amountCents ?? Infinity;
    const decision = amountCents <= 10_000 ? "approved" : "denied";
    console.log(`  …    reviewer ${decision} approval ${approvalRequestId}`);
    reviews.push(reviewer.decideApproval({ approvalRequestId, decision, reason: "on-call review" }));
  }

  const guard = createGuard({
    client: createSentrailClient({ apiKey: API_KEY, baseUrl: server.baseUrl }),
    agentId: "support-agent",
    // Quick polls so the story runs in a second; the defaults (1 s growing to 10 s) suit production.
    polling: { initialDelayMs: 20, maxDelayMs: 100 },
    onPending: review,
  });

  console.log("1. One model turn, three tool calls: allowed, blocked, approved");
  const { executed, tools, deleteRepo } = createRepositoryTools();
  const model = fakeModel()
    .respondWithTools([
      { name: "list_issues", args: { repo: "acme/app" }, id: "call_list" },
      { name: "delete_repo", args: { repo: "acme/app" }, id: "call_delete" },
      { name: "refund_invoice", args: { invoiceId: "in_42", amountCents: 4200 }, id: "call_refund" },
    ])
    .respond(
      (messages) =>
        new AIMessage(`Done: ${messages.filter(ToolMessage.isInstance).length} tool results read.`),
    );
  const agent = createAgent({ model, tools, middleware: [createSentrailMiddleware({ guard })] });
  const result = await agent.invoke({ messages: [new HumanMessage("Triage acme/app and refund in_42.")] });
  const answer = (id: string) =>
    result.messages.find((message) => ToolMessage.isInstance(message) && message.tool_call_id === id) as
      | ToolMessage
      | undefined;

  const listed = answer("call_list");
  check(executed.includes("list_issues acme/app"), "list_issues ran");
  check(sentrailOf(listed)?.decision === "allow", "its ToolMessage carries the allow decision");

  const deleted = answer("call_delete");
  const refusal = JSON.parse(String(deleted?.content ?? "{}")) as Record<string, unknown>;
  console.log(`       model reads: ${String(deleted?.content)}`);
  check(!executed.some((entry) => entry.startsWith("delete_repo")), "delete_repo never ran");
  check(
    deleted?.status === "error" && refusal.status === "blocked" && refusal.retrySafe === false,
    "the model reads: blocked, not executed, do not retry",
  );
  check(refusal.reason === "Policy 'Never delete repos' matched", "with the policy's reason");

  const refunded = answer("call_refund");
  check(
    refunded?.content === "Refunded 4200 cents on in_42",
    "refund_invoice ran after the reviewer approved",
  );
  check(executed.filter((entry) => entry.startsWith("refund_invoice")).length === 1, "exactly one refund");
  check(
    String(result.messages.at(-1)?.content).startsWith("Done: 3"),
    "the model got all three results back",
  );

  console.log("2. Every call is in Sentrail's audit log, joined by correlation id");
  await Promise.all(reviews);
  const state = server.mock.control.state();
  for (const id of ["call_list", "call_delete", "call_refund"]) {
    const correlationId = sentrailOf(answer(id))?.correlationId;
    const row = state.auditLogs.find((entry) => entry.correlation_id === correlationId);
    check(row !== undefined, `${id} → audit row ${row?.id ?? "missing"} (${row?.decision ?? "?"})`);
  }
  check(state.approvalRequests[0]?.status === "approved", "the approval request is approved");

  console.log("3. Without the middleware, the callback handler stops the same delete before it starts");
  // The handler learns the tool's own name from the tool call the agent's ToolNode dispatches (a
  // callback never sees a tool's name otherwise, so a bare tool.invoke would be refused as unknown).
  const handler = new SentrailCallbackHandler({ guard });
  const unguarded = createAgent({
    model: fakeModel()
      .respondWithTools([{ name: "delete_repo", args: { repo: "acme/other" }, id: "call_delete_2" }])
      .respond(new AIMessage("Could not delete it.")),
    tools: [deleteRepo],
  });
  const observed = await unguarded.invoke(
    { messages: [new HumanMessage("Delete acme/other")] },
    { callbacks: [handler] },
  );
  const stopped = observed.messages.find(
    (message) => ToolMessage.isInstance(message) && message.tool_call_id === "call_delete_2",
  ) as ToolMessage | undefined;
  check(
    stopped?.status === "error" && String(stopped.content).includes("blocked by Sentrail policy"),
    "the model reads: blocked by Sentrail policy",
  );
  check(!executed.some((entry) => entry.startsWith("delete_repo")), "delete_repo still never ran");
} finally {
  await server.close();
}

/** The Sentrail ids the middleware puts on every ToolMessage it returns. */
function sentrailOf(message: ToolMessage | undefined): SentrailMessageMetadata | undefined {
  return message?.response_metadata.sentrail as SentrailMessageMetadata | undefined;
}

if (failures.length > 0) {
  console.error(`\nThe story did not happen: ${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log("\nThe story happened: every check passed.");
