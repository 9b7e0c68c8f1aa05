import { randomUUID } from "node:crypto";
import type { Seed } from "@sentrail/mock-server";
import { setupMockSentrail } from "@sentrail/mock-server/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { abortableSleep } from "../src/abortable-sleep";
import { createSentrailAdminClient } from "../src/create-sentrail-admin-client";
import { createSentrailClient } from "../src/create-sentrail-client";
import { createGuard } from "../src/guard/create-guard";
import type { GuardPendingEvent } from "../src/guard/guard-events";

// Issue-11 safety classes, driven through the public client and guard against the mock: what fail-open
// covers, an approval that arrives while the kill switch is on, and how fast the switch reaches a wait.

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const ADMIN_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const REVOKED_KEY = "agk_fedcba9876543210fedcba9876543210fedcba98";

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Safety tests", settings: { unmatchedDecision: "allow" } }],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "reviewer@example.com" },
    { userId: ADMIN_ID, role: "admin", email: "admin@example.com" },
  ],
  apiKeys: [
    { key: API_KEY, name: "agent", scopes: ["evaluate", "gateway", "mcp"] },
    { key: REVOKED_KEY, name: "revoked agent", scopes: ["evaluate"], revoked: true },
  ],
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

const sentrail = setupMockSentrail({ seed, onUnhandledRequest: "error" });
beforeAll(() => sentrail.listen());
afterEach(() => sentrail.reset());
afterAll(() => sentrail.close());

const client = (apiKey = API_KEY) =>
  createSentrailClient({ apiKey, baseUrl: sentrail.baseUrl, agentId: "safety" });
const admin = (userId: string) =>
  createSentrailAdminClient({ accessToken: () => sentrail.control.token(userId), baseUrl: sentrail.baseUrl });

/** A poll schedule whose first delay is a minute: a wait that ends sooner was ended by something else. */
const slowPolling = { initialDelayMs: 60_000, maxDelayMs: 60_000 };

describe("fail-open covers only 'no answer'", () => {
  it("does not run the tool when Sentrail rejects a revoked key (401), even with failMode open", async () => {
    const guard = createGuard({ client: client(REVOKED_KEY), failMode: "open" });
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "list_invoices" }, execute);
    expect(execute).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      status: "unavailable",
      decision: null,
      sideEffect: "not_started",
      retrySafe: false,
      error: { name: "SentrailAuthenticationError", status: 401 },
    });
    expect(JSON.stringify(outcome)).not.toContain(REVOKED_KEY);
  });

  it.each([
    ["a 403", { status: 403, body: { ok: false, error: "Key lacks scope" } }],
    ["a 400", { status: 400, body: { ok: false, error: "tool is required" } }],
    ["an unreadable answer", { status: 200, body: "<html>captive portal</html>" }],
  ])("does not run the tool on %s with failMode open", async (_name, fault) => {
    sentrail.control.faults({ endpoint: "evaluate-action", ...fault });
    const execute = vi.fn();
    const outcome = await createGuard({ client: client(), failMode: "open" }).run(
      { toolName: "list" },
      execute,
    );
    expect(outcome).toMatchObject({ status: "unavailable" });
    expect(execute).not.toHaveBeenCalled();
  });

  it.each([
    ["a 503", { status: 503 }],
    ["a 429", { status: 429 }],
    ["a dropped connection", { networkError: true }],
  ])("runs the tool on %s with failMode open, and says so", async (_name, fault) => {
    sentrail.control.faults({ endpoint: "evaluate-action", ...fault });
    const outcome = await createGuard({ client: client(), failMode: "open" }).run(
      { toolName: "list" },
      async () => "ran",
    );
    expect(outcome).toMatchObject({ status: "executed", result: "ran", ranAlthough: "unavailable" });
  });
});

describe("waitForApproval and the kill switch", () => {
  it("does not read an approval given while the kill switch is on as a go-ahead", async () => {
    const agent = client();
    const decision = await agent.evaluateAction({
      tool: "internal_api",
      action: "refund",
      riskLevel: "high",
    });
    if (decision.decision !== "require_approval")
      throw new Error(`expected an approval, got ${decision.decision}`);
    await admin(ADMIN_ID).enableKillSwitch(WORKSPACE_ID);
    await admin(REVIEWER_ID).decideApproval({
      approvalRequestId: decision.approvalRequestId,
      decision: "approved",
    });
    const outcome = await agent.waitForApproval(decision.correlationId);
    expect(outcome).toMatchObject({
      status: "kill_switch",
      lastStatus: "approved",
      killSwitch: { global: true },
    });
    // The caller who really wants the raw status can opt out.
    expect(await agent.waitForApproval(decision.correlationId, { stopOnKillSwitch: false })).toMatchObject({
      status: "approved",
    });
  });

  it("ends every wait of a client as soon as one of its evaluations is refused by the kill switch", async () => {
    const agent = client();
    const held = await Promise.all(
      [1, 2, 3].map(() =>
        agent.evaluateAction({ tool: "internal_api", action: "refund", riskLevel: "high" }),
      ),
    );
    const updates: number[] = [];
    const waits = held.map((decision) =>
      decision.decision === "require_approval"
        ? agent.waitForApproval(decision.correlationId, {
            ...slowPolling,
            onUpdate: (u) => updates.push(u.polls),
          })
        : Promise.reject(new Error("expected an approval")),
    );
    await vi.waitUntil(() => updates.length === 3);
    await admin(ADMIN_ID).enableKillSwitch(WORKSPACE_ID);
    const refused = await agent.evaluateAction({ tool: "internal_api", action: "list", riskLevel: "low" });
    expect(refused).toMatchObject({ decision: "block", reason: "Kill switch is active" });
    for (const outcome of await Promise.all(waits)) {
      expect(outcome).toMatchObject({ status: "kill_switch", lastStatus: "pending", polls: 1 });
    }
  });

  it("ends a guard's wait when another guarded call of the same client meets the switch", async () => {
    const agent = client();
    const pending: GuardPendingEvent[] = [];
    const waitingGuard = createGuard({
      client: agent,
      polling: slowPolling,
      onPending: (e) => pending.push(e),
    });
    const otherGuard = createGuard({ client: agent });
    const execute = vi.fn();
    const waiting = waitingGuard.run({ toolName: "refund_invoice", input: { id: 1 } }, execute);
    await vi.waitUntil(() => pending.some((event) => event.update !== null));
    await admin(ADMIN_ID).enableKillSwitch(WORKSPACE_ID);
    expect(await otherGuard.run({ toolName: "list_invoices" }, execute)).toMatchObject({
      status: "blocked",
      reason: "Kill switch is active",
    });
    expect(await waiting).toMatchObject({ status: "kill_switch", wait: { polls: 1 } });
    expect(execute).not.toHaveBeenCalled();
  });

  it("ends a wait at its next poll when nothing else in the process sees the switch", async () => {
    const pending: GuardPendingEvent[] = [];
    const guard = createGuard({
      client: client(),
      polling: { initialDelayMs: 20, maxDelayMs: 20, sleep: abortableSleep },
      onPending: (event) => pending.push(event),
    });
    const waiting = guard.run({ toolName: "refund_invoice", input: { id: 1 } }, vi.fn());
    await vi.waitUntil(() => pending.some((event) => event.update !== null));
    await admin(ADMIN_ID).enableKillSwitch(WORKSPACE_ID);
    expect(await waiting).toMatchObject({ status: "kill_switch" });
  });
});
