import { createGuard, createSentrailClient, toGuardToolResult } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import { DEMO_WORKSPACE_ID } from "@sentrail/mock-server/node";
import { check, passed } from "./check.js";

/** Where a running mock answers, and the credentials it was seeded with. */
export interface MockEndpoint {
  origin: string;
  baseUrl: string;
  apiKey: string;
  reviewerToken: string;
}

/** On top of the demo seed: `delete_*` internal tools are blocked (what every run script expects). */
export async function seedBlockDeletes(origin: string): Promise<void> {
  const policy = {
    workspaceId: DEMO_WORKSPACE_ID,
    name: "Block account deletion",
    tool: "internal_api",
    actionPattern: "delete_*",
    mode: "block",
    priority: 1,
  };
  const response = await fetch(`${origin}/__mock/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ policies: [policy] }),
  });
  check(response.ok, `POST /__mock/seed answered ${response.status}: ${await response.text()}`);
}

/** The client's main paths as a new user writes them: evaluate, approve, a guarded call allowed and one blocked. */
export async function exerciseClient(label: string, mock: MockEndpoint): Promise<void> {
  await seedBlockDeletes(mock.origin);
  const client = createSentrailClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, agentId: "consumer" });

  const decision = await client.evaluateAction({
    tool: "github",
    action: "pull_request.create",
    riskLevel: "high",
  });
  check(decision.decision === "require_approval", `${label}: evaluate → ${decision.decision}`);
  const admin = createSentrailAdminClient({ baseUrl: mock.baseUrl, accessToken: () => mock.reviewerToken });
  await admin.decideApproval({ approvalRequestId: decision.approvalRequestId, decision: "approved" });
  const approval = await client.waitForApproval(decision.correlationId, { initialDelayMs: 10 });
  check(approval.status === "approved", `${label}: waitForApproval → ${approval.status}`);
  passed(`${label}: evaluateAction → require_approval, approved by the reviewer (admin client)`);

  const guard = createGuard({ client, agentId: "consumer" });
  let lookups = 0;
  const allowed = await guard.run(
    { toolName: "lookup_order", input: { orderId: "o_1" }, toolCallId: "call_1" },
    async () => {
      lookups++;
      return { orderId: "o_1", status: "shipped" };
    },
  );
  check(allowed.status === "executed", `${label}: allowed call → ${allowed.status}`);
  check(lookups === 1, `${label}: the allowed call ran ${lookups} times`);
  const again = await guard.run(
    { toolName: "lookup_order", input: { orderId: "o_1" }, toolCallId: "call_1" },
    async () => {
      lookups++;
    },
  );
  check(again.status === "executed" && lookups === 1, `${label}: the same call ran again (${lookups})`);
  passed(`${label}: guard.run allowed → executed once (the same call again: recorded, not re-run)`);

  let deletions = 0;
  const blocked = await guard.run(
    { toolName: "delete_account", input: { userId: "u_1" }, toolCallId: "call_2" },
    async () => {
      deletions++;
    },
  );
  check(blocked.status === "blocked", `${label}: blocked call → ${blocked.status}`);
  check(deletions === 0, `${label}: the blocked call ran`);
  const forModel = toGuardToolResult(blocked);
  check(forModel.executed === false, `${label}: toGuardToolResult says it executed`);
  passed(`${label}: guard.run blocked → never ran (${blocked.reason})`);
}
