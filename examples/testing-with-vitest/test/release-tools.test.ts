// Testing an agent's Sentrail integration with vitest, offline: `setupMockSentrail` answers every
// fetch to its base URL in process (MSW), with Sentrail's real semantics: policies, approvals, the kill
// switch, the audit log. The control object seeds it, moves its clock, injects faults and shows state.
import { createSentrailClient } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { setupMockSentrail } from "@sentrail/mock-server/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createReleaseTools, type Deployer } from "../src/create-release-tools";

const WORKSPACE_ID = "0b5e0000-0000-4000-8000-000000000001";
const REVIEWER_ID = "0b5e0000-0000-4000-8000-0000000000b1";
const ADMIN_ID = "0b5e0000-0000-4000-8000-0000000000a1";
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Acme", settings: { unmatchedDecision: "require_approval" } }],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "reviewer@acme.test" },
    { userId: ADMIN_ID, role: "admin", email: "admin@acme.test" },
  ],
  apiKeys: [{ key: API_KEY, name: "release-agent", scopes: ["evaluate"] }],
  policies: [
    { name: "Reads are fine", tool: "internal_api", actionPattern: "read_*", mode: "allow" },
    { name: "Never delete environments", tool: "internal_api", actionPattern: "delete_*", mode: "block" },
    {
      name: "A person approves deploys",
      tool: "internal_api",
      actionPattern: "deploy.*",
      mode: "require_approval",
    },
  ],
};

const sentrail = setupMockSentrail({ seed, onUnhandledRequest: "error" });
beforeAll(() => sentrail.listen());
afterEach(() => sentrail.reset());
afterAll(() => sentrail.close());

/** A fake deployer whose methods are spies, so a test can say exactly what ran. */
function createFakeDeployer() {
  return {
    status: vi.fn(async (service: string) => ({ service, version: "1.3.0" })),
    deploy: vi.fn(async (service: string, version: string) => ({ service, version })),
    deleteEnvironment: vi.fn(async () => undefined),
  } satisfies Deployer;
}

/** The tools under test, wired to the mock. `review` plays the reviewer when a deploy starts waiting. */
function setup(review?: (approvalRequestId: string) => Promise<unknown> | undefined) {
  const deployer = createFakeDeployer();
  const tools = createReleaseTools({
    sentrail: createSentrailClient({ apiKey: API_KEY, baseUrl: sentrail.baseUrl, timeoutMs: 500 }),
    deployer,
    polling: { initialDelayMs: 5, maxDelayMs: 20 }, // fast waits in tests; production keeps 1 s growing to 10 s
    approvalTimeoutMs: 2_000,
    onPending: ({ approvalRequestId, update }) => {
      if (update === null) void review?.(approvalRequestId);
    },
  });
  return { deployer, tools };
}

function adminClientFor(userId: string) {
  return createSentrailAdminClient({
    baseUrl: sentrail.baseUrl,
    accessToken: sentrail.seeded?.tokens[userId] ?? "",
  });
}

const approve = (approvalRequestId: string) =>
  adminClientFor(REVIEWER_ID).decideApproval({ approvalRequestId, decision: "approved" });
const deny = (approvalRequestId: string) =>
  adminClientFor(REVIEWER_ID).decideApproval({
    approvalRequestId,
    decision: "denied",
    reason: "Freeze week",
  });

describe("the release agent's tools, gated by Sentrail", () => {
  it("runs an allowed read once and leaves one audit row", async () => {
    const { deployer, tools } = setup();
    const { outcome, forModel } = await tools.readStatus("call_1", "billing");
    expect(outcome).toMatchObject({ status: "executed", decision: "allow" });
    expect(forModel).toEqual({ executed: true, result: { service: "billing", version: "1.3.0" } });
    expect(deployer.status).toHaveBeenCalledTimes(1);
    const [row] = sentrail.control.state().auditLogs;
    expect(row).toMatchObject({ id: outcome.auditLogId, action: "read_status", decision: "allow" });
  });

  it("never deletes an environment, and tells the model not to retry", async () => {
    const { deployer, tools } = setup();
    const { outcome, forModel } = await tools.deleteEnvironment("call_1", "production");
    expect(deployer.deleteEnvironment).not.toHaveBeenCalled();
    expect(outcome.status).toBe("blocked");
    expect(forModel).toMatchObject({
      executed: false,
      status: "blocked",
      retrySafe: false,
      reason: "Policy 'Never delete environments' matched",
    });
  });

  it("deploys exactly once after a reviewer approves, even when the host retries the call", async () => {
    const { deployer, tools } = setup(approve);
    const first = await tools.deploy("call_7", "billing", "1.4.0");
    const retried = await tools.deploy("call_7", "billing", "1.4.0");
    expect(first.outcome).toMatchObject({ status: "executed", decision: "require_approval" });
    expect(retried.outcome.auditLogId).toBe(first.outcome.auditLogId);
    expect(deployer.deploy).toHaveBeenCalledTimes(1);
    expect(sentrail.control.state().approvalRequests).toMatchObject([{ status: "approved" }]);
  });

  it("does not deploy when the reviewer denies", async () => {
    const { deployer, tools } = setup(deny);
    const { outcome } = await tools.deploy("call_1", "billing", "1.4.0");
    expect(outcome).toMatchObject({ status: "denied", sideEffect: "not_started", retrySafe: false });
    expect(deployer.deploy).not.toHaveBeenCalled();
  });

  it("does not deploy when the approval expires unanswered (the mock's clock moves 25 hours)", async () => {
    const { deployer, tools } = setup(async () => sentrail.control.clock({ advanceMs: 25 * 60 * 60 * 1000 }));
    const { outcome } = await tools.deploy("call_1", "billing", "1.4.0");
    expect(outcome.status).toBe("expired");
    expect(deployer.deploy).not.toHaveBeenCalled();
  });

  it("fails closed when Sentrail answers 503: nothing runs, a later retry is safe", async () => {
    sentrail.control.faults({ endpoint: "evaluate-action", status: 503 });
    const { deployer, tools } = setup();
    const { outcome, forModel } = await tools.readStatus("call_1", "billing");
    expect(outcome.status).toBe("unavailable");
    expect(forModel).toMatchObject({ executed: false, retrySafe: true });
    expect(deployer.status).not.toHaveBeenCalled();
    expect(sentrail.control.state().auditLogs).toHaveLength(0); // the fault hit before the engine
  });

  it("fails closed when Sentrail is too slow to answer", async () => {
    sentrail.control.faults({ endpoint: "evaluate-action", delayMs: 1_500 });
    const { deployer, tools } = setup();
    const { outcome } = await tools.readStatus("call_1", "billing");
    expect(outcome.status).toBe("unavailable");
    expect(deployer.status).not.toHaveBeenCalled();
  });

  it("ends a waiting deploy when an admin enables the kill switch, and refuses new calls", async () => {
    const { deployer, tools } = setup(() => adminClientFor(ADMIN_ID).enableKillSwitch(WORKSPACE_ID));
    const waiting = await tools.deploy("call_1", "billing", "1.4.0");
    expect(waiting.outcome.status).toBe("kill_switch");
    const next = await tools.readStatus("call_2", "billing");
    expect(next.outcome).toMatchObject({ status: "blocked", reason: "Kill switch is active" });
    expect(deployer.deploy).not.toHaveBeenCalled();
    expect(deployer.status).not.toHaveBeenCalled();
  });

  it("writes exactly one audit row per evaluation, never the API key", async () => {
    const { tools } = setup(approve);
    await tools.readStatus("call_1", "billing");
    await tools.deleteEnvironment("call_2", "staging");
    await tools.deploy("call_3", "billing", "1.4.0");
    const state = sentrail.control.state();
    const evaluations = state.auditLogs.filter(
      (row) => (row.payload_preview as { reviewer?: string } | null)?.reviewer === undefined,
    );
    expect(evaluations.map((row) => `${row.action} ${row.decision}`)).toEqual([
      "read_status allow",
      "delete_environment block",
      "deploy.production require_approval",
    ]);
    expect(JSON.stringify(state)).not.toContain(API_KEY);
  });
});
