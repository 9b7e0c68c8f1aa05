import { randomUUID } from "node:crypto";
import type { Seed } from "@sentrail/mock-server";
import { setupMockSentrail } from "@sentrail/mock-server/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { abortableSleep } from "../src/abortable-sleep";
import { createSentrailAdminClient } from "../src/create-sentrail-admin-client";
import { createSentrailClient } from "../src/create-sentrail-client";
import { createGuard, type GuardOptions } from "../src/guard/create-guard";
import type { GuardPendingEvent } from "../src/guard/guard-events";
import type { GuardOutcome } from "../src/guard/guard-outcome";
import type { EvaluateActionResult } from "../src/to-evaluate-action-result";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const ADMIN_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const REPO = "acme/app";

const seed: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Guard tests", settings: { unmatchedDecision: "allow" } }],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "reviewer@example.com" },
    { userId: ADMIN_ID, role: "admin", email: "admin@example.com" },
  ],
  apiKeys: [{ key: API_KEY, name: "agent", scopes: ["evaluate", "gateway", "mcp"] }],
  policies: [
    { name: "Allow listing", tool: "internal_api", actionPattern: "list_*", mode: "allow", priority: 10 },
    { name: "No drops", tool: "internal_api", actionPattern: "drop_*", mode: "block", priority: 10 },
    {
      name: "Approve refunds",
      tool: "internal_api",
      actionPattern: "refund*",
      mode: "require_approval",
      priority: 10,
    },
    {
      name: "Approve new issues",
      tool: "github",
      actionPattern: "issues.*",
      mode: "require_approval",
      priority: 10,
    },
  ],
  toolConnections: [
    {
      tool: "github",
      config: { access_token: "gho_guardtest", repos: [REPO], webhook_secret: "s", base_url: null },
    },
  ],
};

const sentrail = setupMockSentrail({ seed, onUnhandledRequest: "error" });
beforeAll(() => sentrail.listen());
afterEach(() => sentrail.reset());
afterAll(() => sentrail.close());

const client = () =>
  createSentrailClient({ apiKey: API_KEY, baseUrl: sentrail.baseUrl, agentId: "guard-tests" });
const admin = (userId: string) =>
  createSentrailAdminClient({ accessToken: () => sentrail.control.token(userId), baseUrl: sentrail.baseUrl });
const approve = (approvalRequestId: string) =>
  admin(REVIEWER_ID).decideApproval({ approvalRequestId, decision: "approved" });
const deny = (approvalRequestId: string) =>
  admin(REVIEWER_ID).decideApproval({ approvalRequestId, decision: "denied", reason: "no" });

/** Waits run on a virtual clock (each sleep moves it by the scheduled delay) but yield for 2 ms of real time. */
function virtualPolling() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      await abortableSleep(2, signal);
      now += ms;
    },
  };
}

function setup(options: Partial<GuardOptions> = {}) {
  const pending: GuardPendingEvent[] = [];
  const settled: GuardOutcome[] = [];
  const guard = createGuard({
    client: client(),
    polling: virtualPolling(),
    // Virtual time runs fast: the default 10 min would pass in ~25 polls, before a slow machine has every
    // call waiting and the test's reviewer (or kill switch) acts. A test about timing out passes its own.
    approvalTimeoutMs: 24 * 60 * 60 * 1000,
    onPending: (event) => pending.push(event),
    onSettled: (outcome) => settled.push(outcome),
    ...options,
  });
  /** Resolves with the approval ids once `count` calls are waiting. */
  const waiting = async (count: number) => {
    await vi.waitUntil(() => pending.filter((event) => event.update === null).length >= count, {
      timeout: 10_000,
    });
    return pending.filter((event) => event.update === null).map((event) => event.approvalRequestId);
  };
  return { guard, pending, settled, waiting };
}

/** Audit rows written by evaluations (reviewer decisions carry `payload_preview.reviewer`). */
function evaluationRows() {
  return sentrail.control
    .state()
    .auditLogs.filter(
      (row) => (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined,
    );
}

describe("guard against the mock: decisions", () => {
  it("runs an allowed call once", async () => {
    const { guard } = setup();
    const execute = vi.fn(async () => ["inv_1", "inv_2"]);
    const outcome = await guard.run({ toolName: "list_invoices", input: { month: "2025-01" } }, execute);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({ status: "executed", result: ["inv_1", "inv_2"], decision: "allow" });
    const [row] = evaluationRows();
    expect(row).toMatchObject({
      id: outcome.auditLogId,
      correlation_id: outcome.correlationId,
      tool: "internal_api",
      action: "list_invoices",
      risk_level: "low",
      decision: "allow",
      agent_name: "guard-tests",
    });
  });

  it("does not run a blocked call; the outcome carries reason, policy, audit and correlation ids", async () => {
    const { guard } = setup();
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "drop_table", input: { table: "users" } }, execute);
    expect(execute).not.toHaveBeenCalled();
    const [row] = evaluationRows();
    expect(outcome).toMatchObject({
      status: "blocked",
      reason: "Policy 'No drops' matched",
      matchedPolicyId: row?.matched_policy_id,
      auditLogId: row?.id,
      correlationId: row?.correlation_id,
      sideEffect: "not_started",
      retrySafe: false,
    });
    expect(row?.risk_level).toBe("high");
  });

  it("runs an approved call exactly once, after the reviewer approves", async () => {
    const { guard, waiting } = setup();
    const execute = vi.fn(async () => ({ refunded: true }));
    const running = guard.run(
      { toolName: "refund_invoice", input: { id: "in_1" }, toolCallId: "t1" },
      execute,
    );
    const [approvalRequestId] = await waiting(1);
    expect(execute).not.toHaveBeenCalled();
    expect(await approve(approvalRequestId!)).toMatchObject({ status: "approved" });
    const outcome = await running;
    expect(outcome).toMatchObject({ status: "executed", result: { refunded: true }, approvalRequestId });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(
      await guard.run({ toolName: "refund_invoice", input: { id: "in_1" }, toolCallId: "t1" }, execute),
    ).toEqual(outcome);
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it("does not run a denied call", async () => {
    const { guard, waiting } = setup();
    const execute = vi.fn();
    const running = guard.run({ toolName: "refund_invoice", input: { id: "in_1" } }, execute);
    const [approvalRequestId] = await waiting(1);
    await deny(approvalRequestId!);
    expect(await running).toMatchObject({ status: "denied", sideEffect: "not_started", retrySafe: false });
    expect(execute).not.toHaveBeenCalled();
  });

  it("does not run a call whose approval expires on the mock clock", async () => {
    const { guard, waiting } = setup({ approvalTimeoutMs: 48 * 3_600_000 });
    const execute = vi.fn();
    const running = guard.run({ toolName: "refund_invoice", input: { id: "in_1" } }, execute);
    await waiting(1);
    sentrail.control.clock({ advanceMs: 25 * 3_600_000 });
    expect(await running).toMatchObject({ status: "expired", retrySafe: true });
    expect(sentrail.control.state().approvalRequests[0]?.status).toBe("expired");
    expect(execute).not.toHaveBeenCalled();
  });

  it("times out on the guard's clock while the approval stays pending at Sentrail", async () => {
    const { guard } = setup({ approvalTimeoutMs: 5 * 60_000 });
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "refund_invoice", input: { id: "in_1" } }, execute);
    expect(outcome).toMatchObject({
      status: "timed_out",
      wait: { lastStatus: "pending", elapsedMs: 300_000 },
    });
    expect(sentrail.control.state().approvalRequests[0]?.status).toBe("pending");
    expect(execute).not.toHaveBeenCalled();
  });

  it("aborts a wait at the caller's signal", async () => {
    const { guard, waiting } = setup();
    const controller = new AbortController();
    const execute = vi.fn();
    const running = guard.run({ toolName: "refund_invoice", input: { id: "in_1" } }, execute, {
      signal: controller.signal,
    });
    await waiting(1);
    controller.abort();
    expect(await running).toMatchObject({ status: "aborted", sideEffect: "not_started" });
    expect(execute).not.toHaveBeenCalled();
  });

  it("returns Sentrail's replay of a gateway call instead of running it again (replay: 'sentrail')", async () => {
    const { guard, waiting } = setup();
    const sentrailClient = client();
    const body = { title: "Flaky test", body: "Retry storm on CI" };
    const execute = vi.fn();
    const running = guard.run({ toolName: "create_issue", input: body, toolCallId: "t1" }, execute, {
      replay: "sentrail",
      // The gateway both decides and (when allowed) performs the call; the guard only needs the decision.
      evaluate: async (_input, options): Promise<EvaluateActionResult> => {
        const result = await sentrailClient.gateway.github(
          { method: "POST", path: `/repos/${REPO}/issues`, body },
          options,
        );
        if (result.kind !== "pending_approval")
          throw new Error(`expected a pending approval, got ${result.kind}`);
        return { ...result, decision: "require_approval", matchedPolicyId: result.matchedPolicyId ?? null };
      },
    });
    const [approvalRequestId] = await waiting(1);
    expect(await approve(approvalRequestId!)).toMatchObject({ status: "executed" });
    const outcome = await running;
    expect(outcome).toMatchObject({
      status: "executed",
      via: "sentrail_replay",
      result: { title: "Flaky test" },
    });
    expect(execute).not.toHaveBeenCalled();
    expect(sentrail.control.state().upstreamRequests).toHaveLength(1);
  });
});

describe("guard against the mock: kill switch", () => {
  it("ends every concurrent wait when the kill switch is enabled, and runs nothing", async () => {
    const { guard, waiting } = setup();
    const execute = vi.fn();
    const runs = Array.from({ length: 5 }, (_, n) =>
      guard.run({ toolName: "refund_invoice", input: { id: `in_${n}` }, toolCallId: `t${n}` }, execute),
    );
    await waiting(5);
    await admin(ADMIN_ID).enableKillSwitch(WORKSPACE_ID);
    const outcomes = await Promise.all(runs);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        status: "kill_switch",
        reason: "Kill switch is active",
        retrySafe: false,
      });
    }
    expect(execute).not.toHaveBeenCalled();
    // A later approval does not run it either: the settled outcome is final.
    await admin(ADMIN_ID).disableKillSwitch(WORKSPACE_ID);
    await approve(outcomes[0]!.approvalRequestId!);
    expect(
      await guard.run({ toolName: "refund_invoice", input: { id: "in_0" }, toolCallId: "t0" }, execute),
    ).toMatchObject({ status: "kill_switch" });
    expect(execute).not.toHaveBeenCalled();
  });

  it("ends a wait when its tool is paused", async () => {
    const { guard, waiting } = setup();
    const execute = vi.fn();
    const running = guard.run({ toolName: "refund_invoice", input: { id: "in_1" } }, execute);
    await waiting(1);
    await admin(ADMIN_ID).pauseTool(WORKSPACE_ID, "internal_api");
    expect(await running).toMatchObject({ status: "kill_switch", reason: "Tool internal_api is paused" });
    expect(execute).not.toHaveBeenCalled();
  });
});

describe("guard against the mock: Sentrail unavailable", () => {
  it.each([
    ["a 503", { status: 503 }],
    ["a dropped connection", { networkError: true }],
    ["an unreadable answer", { status: 200, body: "<html>maintenance</html>" }],
  ])("fails closed on %s: the tool does not run", async (_name, fault) => {
    const { guard } = setup();
    sentrail.control.faults({ endpoint: "evaluate-action", ...fault });
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "list_invoices" }, execute);
    expect(outcome).toMatchObject({
      status: "unavailable",
      decision: null,
      sideEffect: "not_started",
      retrySafe: true,
    });
    expect(execute).not.toHaveBeenCalled();
    expect(evaluationRows()).toHaveLength(0);
  });

  it("fails closed when Sentrail answers later than the evaluation timeout", async () => {
    const { guard } = setup({ evaluateTimeoutMs: 50 });
    sentrail.control.faults({ endpoint: "evaluate-action", delayMs: 2000 });
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "list_invoices" }, execute);
    expect(outcome).toMatchObject({ status: "unavailable", error: { kind: "timeout" } });
    expect(execute).not.toHaveBeenCalled();
  });

  it("fails open when the tool asks for it, and reports the failure", async () => {
    const decisions: unknown[] = [];
    const { guard } = setup({
      tools: { list_invoices: { failMode: "open" } },
      onDecision: (event) => decisions.push(event),
    });
    sentrail.control.faults({ endpoint: "evaluate-action", status: 500 });
    const outcome = await guard.run({ toolName: "list_invoices" }, async () => "ran");
    expect(outcome).toMatchObject({
      status: "executed",
      result: "ran",
      ranAlthough: "unavailable",
      error: { name: "SentrailServerError", status: 500 },
    });
    expect(decisions).toMatchObject([{ enforcement: "run", evaluation: null, failMode: "open" }]);
  });

  it("never puts the API key into an outcome", async () => {
    const { guard } = setup();
    sentrail.control.faults({
      endpoint: "evaluate-action",
      status: 500,
      body: { ok: false, error: `bad ${API_KEY}` },
    });
    const outcome = await guard.run({ toolName: "list_invoices" }, vi.fn());
    expect(JSON.stringify({ ...outcome, error: String(outcome.error) })).not.toContain(API_KEY);
  });
});

describe("guard against the mock: shadow mode", () => {
  it("runs blocked and held calls at once and reports what Sentrail would have done", async () => {
    const { guard, pending } = setup({ mode: "shadow" });
    const blocked = await guard.run({ toolName: "drop_table" }, async () => "dropped");
    const held = await guard.run({ toolName: "refund_invoice" }, async () => "refunded");
    expect(blocked).toMatchObject({
      status: "executed",
      result: "dropped",
      ranAlthough: "block",
      mode: "shadow",
    });
    expect(held).toMatchObject({ status: "executed", result: "refunded", ranAlthough: "require_approval" });
    expect(pending).toHaveLength(0);
    expect(evaluationRows().map((row) => row.decision)).toEqual(["block", "require_approval"]);
  });
});

describe("guard against the mock: exactly once", () => {
  it("attaches a repeated pending call to the first: one approval request, one execution", async () => {
    const { guard, waiting } = setup();
    const execute = vi.fn(async () => "refunded");
    const call = { toolName: "refund_invoice", input: { id: "in_1", amount: 40 }, toolCallId: "t1" };
    const first = guard.run(call, execute);
    const [approvalRequestId] = await waiting(1);
    const second = guard.run({ ...call, input: { amount: 40, id: "in_1" } }, execute);
    await approve(approvalRequestId!);
    const [one, two] = await Promise.all([first, second]);
    expect(one).toMatchObject({ status: "executed" });
    expect(two).toBe(one);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(sentrail.control.state().approvalRequests).toHaveLength(1);
    expect(evaluationRows()).toHaveLength(1);
  });

  it("does not let an approval cover different arguments under the same call id", async () => {
    const { guard, waiting } = setup();
    const execute = vi.fn(async (amount: number) => amount);
    const small = guard.run({ toolName: "refund_invoice", input: { amount: 5 }, toolCallId: "t1" }, () =>
      execute(5),
    );
    const [smallApproval] = await waiting(1);
    const large = guard.run({ toolName: "refund_invoice", input: { amount: 5000 }, toolCallId: "t1" }, () =>
      execute(5000),
    );
    const [, largeApproval] = await waiting(2);
    expect(largeApproval).not.toBe(smallApproval);
    await approve(smallApproval!);
    expect(await small).toMatchObject({ status: "executed", result: 5 });
    await deny(largeApproval!);
    expect(await large).toMatchObject({ status: "denied" });
    expect(execute.mock.calls).toEqual([[5]]);
    expect(sentrail.control.state().approvalRequests.map((row) => row.payload)).toEqual([
      { amount: 5 },
      { amount: 5000 },
    ]);
  });

  it("settles 100 concurrent calls with mixed decisions exactly once, with one evaluation row each", async () => {
    const { guard, waiting, settled } = setup();
    const kinds = ["list_invoices", "drop_table", "refund_invoice", "refund_invoice"] as const;
    const executions = new Map<string, number>();
    const calls = Array.from({ length: 100 }, (_, n) => ({
      toolName: kinds[n % 4]!,
      input: { n },
      toolCallId: `call-${n}`,
    }));
    const runs = calls.map((call) =>
      guard.run(call, async () => {
        executions.set(call.toolCallId, (executions.get(call.toolCallId) ?? 0) + 1);
        return call.input.n;
      }),
    );
    // Half of the calls need approval; reviewers approve one in two and deny the rest.
    const approvalIds = await waiting(50);
    expect(new Set(approvalIds).size).toBe(50);
    await Promise.all(approvalIds.map((id, n) => (n % 2 === 0 ? approve(id) : deny(id))));
    const outcomes = await Promise.all(runs);

    const counts = Object.fromEntries(
      ["executed", "blocked", "denied"].map((status) => [
        status,
        outcomes.filter((o) => o.status === status).length,
      ]),
    );
    expect(counts).toEqual({ executed: 50, blocked: 25, denied: 25 });
    for (const [n, outcome] of outcomes.entries()) {
      const call = calls[n]!;
      expect(executions.get(call.toolCallId) ?? 0).toBe(outcome.status === "executed" ? 1 : 0);
      if (outcome.status === "executed") expect(outcome.result).toBe(n);
    }
    expect(settled).toHaveLength(100);
    expect(new Set(settled.map((outcome) => outcome.callKey)).size).toBe(100);
    const rows = evaluationRows();
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((row) => row.id))).toEqual(
      new Set(outcomes.map((outcome) => outcome.auditLogId)),
    );
  });
});
