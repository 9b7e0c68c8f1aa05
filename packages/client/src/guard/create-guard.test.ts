import { afterEach, describe, expect, it, vi } from "vitest";
import type { RequestOptions } from "../create-sentrail-transport";
import {
  type ApprovalPollUpdate,
  pollUntilApprovalSettles,
  type WaitForApprovalOptions,
} from "../poll-until-approval-settles";
import type { ApprovalStatus, EvaluateActionInput } from "../sentrail-api-types";
import {
  SentrailAuthenticationError,
  SentrailError,
  SentrailPermissionError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailUnavailableError,
  SentrailValidationError,
} from "../sentrail-error";
import type { KillSwitchState } from "../to-approval-status-update";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import { createCallKey } from "./create-call-key";
import { createGuard, type GuardOptions } from "./create-guard";
import { createMemoryGuardStore } from "./create-memory-guard-store";
import type { GuardDecisionEvent, GuardPendingEvent } from "./guard-events";
import type { GuardOutcome } from "./guard-outcome";

type Verdict = "allow" | "block" | "require_approval" | Error;

/**
 * A stand-in for the Sentrail client: decisions come from `decide`, approvals live in a map the test
 * changes, and `waitForApproval` is the client's real polling loop over that map (so kill-switch and
 * timeout behaviour are the client's own).
 */
function createStubSentrail(decide: (input: EvaluateActionInput) => Verdict = () => "allow") {
  const evaluations: EvaluateActionInput[] = [];
  const approvals = new Map<string, { status: ApprovalStatus; result: unknown }>();
  const killSwitch: KillSwitchState = { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] };
  let polls = 0;
  let sequence = 0;
  const client = {
    async evaluateAction(
      input: EvaluateActionInput,
      options?: RequestOptions,
    ): Promise<EvaluateActionResult> {
      evaluations.push(input);
      await Promise.resolve();
      if (options?.signal?.aborted) throw options.signal.reason;
      const verdict = decide(input);
      if (verdict instanceof Error) throw verdict;
      sequence++;
      const ids = {
        reason:
          verdict === "allow"
            ? "No policy matched; default allow"
            : `Policy '${verdict} ${input.action}' matched`,
        matchedPolicyId: verdict === "allow" ? null : `policy-${verdict}`,
        auditLogId: `audit-${sequence}`,
        correlationId: `correlation-${sequence}`,
      };
      if (verdict !== "require_approval") return { ...ids, decision: verdict };
      approvals.set(ids.correlationId, { status: "pending", result: null });
      return { ...ids, decision: verdict, approvalRequestId: `approval-${sequence}` };
    },
    waitForApproval(correlationId: string, options?: WaitForApprovalOptions) {
      return pollUntilApprovalSettles(
        async () => {
          polls++;
          const approval = approvals.get(correlationId);
          if (!approval) throw new Error(`unknown correlation id ${correlationId}`);
          return {
            correlationId,
            status: approval.status,
            decision: "require_approval",
            result: approval.result,
            killSwitch: { ...killSwitch, toolsPaused: [...killSwitch.toolsPaused] },
          };
        },
        correlationId,
        options,
      );
    },
  };
  return {
    client,
    evaluations,
    approvals,
    killSwitch,
    polls: () => polls,
    set(correlationId: string, status: ApprovalStatus, result: unknown = null) {
      approvals.set(correlationId, { status, result });
    },
  };
}

/** Virtual time: every sleep advances the clock by its delay and yields one macrotask. */
function createVirtualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep(ms: number, signal?: AbortSignal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          now += ms;
          resolve();
        }, 0);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

/** Resolves once `condition` holds, checking after every macrotask. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error("condition never held");
}

function setup(decide?: (input: EvaluateActionInput) => Verdict, options: Partial<GuardOptions> = {}) {
  const sentrail = createStubSentrail(decide);
  const clock = createVirtualClock();
  const decisions: GuardDecisionEvent[] = [];
  const pending: GuardPendingEvent[] = [];
  const settled: GuardOutcome[] = [];
  const guard = createGuard({
    client: sentrail.client,
    polling: { now: clock.now, sleep: clock.sleep, random: () => 0.5 },
    onDecision: (event) => decisions.push(event),
    onPending: (event) => pending.push(event),
    onSettled: (outcome) => settled.push(outcome),
    ...options,
  });
  return { guard, sentrail, decisions, pending, settled };
}

afterEach(() => vi.restoreAllMocks());

describe("createGuard: decisions", () => {
  it("runs an allowed call once and returns its result with Sentrail's ids", async () => {
    const { guard, decisions, settled } = setup(() => "allow");
    const execute = vi.fn(async () => ({ id: 7 }));
    const outcome = await guard.run(
      { toolName: "list_users", input: { page: 1 }, toolCallId: "c1" },
      execute,
    );
    expect(execute).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({
      status: "executed",
      result: { id: 7 },
      via: "guard",
      decision: "allow",
      sideEffect: "executed",
      retrySafe: false,
      ranAlthough: null,
      auditLogId: "audit-1",
      correlationId: "correlation-1",
      approvalRequestId: null,
    });
    expect(decisions).toMatchObject([{ enforcement: "run", error: null, evaluation: { decision: "allow" } }]);
    expect(settled).toHaveLength(1);
  });

  it("does not run a blocked call and tells the model not to retry, with the policy's reason", async () => {
    const { guard } = setup(() => "block");
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "drop_table", input: { name: "users" } }, execute);
    expect(execute).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      status: "blocked",
      decision: "block",
      sideEffect: "not_started",
      retrySafe: false,
      reason: "Policy 'block drop_table' matched",
      matchedPolicyId: "policy-block",
      auditLogId: "audit-1",
      correlationId: "correlation-1",
    });
    expect(outcome.message).toBe(
      "Not executed: blocked by Sentrail policy. Do not retry. Reason: Policy 'block drop_table' matched",
    );
  });

  it("maps an unknown tool to internal_api, its name as action and the §6.3 risk rule", async () => {
    const { guard, sentrail } = setup(() => "allow", { agentId: "ops-bot" });
    await guard.run({ toolName: "DeleteRepo", input: { name: "x" } }, () => null);
    await guard.run({ toolName: "read_file", input: "README.md" }, () => null);
    expect(sentrail.evaluations).toEqual([
      {
        tool: "internal_api",
        action: "DeleteRepo",
        riskLevel: "high",
        payload: { name: "x" },
        agentId: "ops-bot",
      },
      {
        tool: "internal_api",
        action: "read_file",
        riskLevel: "low",
        payload: { input: "README.md" },
        agentId: "ops-bot",
      },
    ]);
  });

  it("uses a tool's own mapping, fixed or computed from the call", async () => {
    const { guard, sentrail } = setup(() => "allow", {
      tools: {
        merge_pr: { evaluation: { tool: "github", action: "pull_request.merge", riskLevel: "high" } },
        refund: {
          evaluation: (call) => ({
            riskLevel: "critical",
            resourceType: "invoice",
            resourceId: String((call.input as { id: string }).id),
          }),
        },
      },
    });
    await guard.run({ toolName: "merge_pr", input: { number: 4 } }, () => null);
    await guard.run({ toolName: "refund", input: { id: "in_1" }, agentId: "billing" }, () => null);
    expect(sentrail.evaluations).toEqual([
      { tool: "github", action: "pull_request.merge", riskLevel: "high", payload: { number: 4 } },
      {
        tool: "internal_api",
        action: "refund",
        riskLevel: "critical",
        resourceType: "invoice",
        resourceId: "in_1",
        payload: { id: "in_1" },
        agentId: "billing",
      },
    ]);
  });
});

describe("createGuard: approvals", () => {
  it("waits for approval, then runs the call once; onPending carries the approval id", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval");
    const execute = vi.fn(async () => "refunded");
    const running = guard.run({ toolName: "refund", input: { id: 1 }, toolCallId: "c1" }, execute);
    await until(() => pending.length >= 2);
    expect(execute).not.toHaveBeenCalled();
    sentrail.set("correlation-1", "approved");
    const outcome = await running;
    expect(execute).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({
      status: "executed",
      result: "refunded",
      decision: "require_approval",
      via: "guard",
      approvalRequestId: "approval-1",
      wait: { lastStatus: "approved" },
    });
    expect(pending[0]).toMatchObject({
      approvalRequestId: "approval-1",
      correlationId: "correlation-1",
      update: null,
    });
    expect(pending[1]?.update).toMatchObject({ status: "pending", polls: 1 });
  });

  it.each([
    ["denied", false],
    ["expired", true],
  ] as const)("does not run a %s call (retrySafe %s)", async (status, retrySafe) => {
    const { guard, sentrail, pending } = setup(() => "require_approval");
    const execute = vi.fn();
    const running = guard.run({ toolName: "refund", toolCallId: "c1" }, execute);
    await until(() => pending.length >= 1);
    sentrail.set("correlation-1", status);
    const outcome = await running;
    expect(execute).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      status,
      sideEffect: "not_started",
      retrySafe,
      approvalRequestId: "approval-1",
    });
  });

  it("times out on its own clock, and a retry of the same call resumes the same approval", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval", { approvalTimeoutMs: 60_000 });
    const execute = vi.fn(async () => "done");
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const first = await guard.run(call, execute);
    expect(first).toMatchObject({ status: "timed_out", sideEffect: "not_started", retrySafe: true });
    expect(first.wait?.elapsedMs).toBe(60_000);
    expect(execute).not.toHaveBeenCalled();

    const second = guard.run(call, execute);
    await until(() => pending.length > first.wait!.polls + 2);
    sentrail.set("correlation-1", "approved");
    expect(await second).toMatchObject({ status: "executed", approvalRequestId: "approval-1" });
    expect(sentrail.evaluations).toHaveLength(1);
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it("returns Sentrail's replay result instead of running again when replay is 'sentrail'", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval", { replay: "sentrail" });
    const execute = vi.fn();
    const running = guard.run({ toolName: "create_issue", toolCallId: "c1" }, execute);
    await until(() => pending.length >= 1);
    sentrail.set("correlation-1", "approved");
    await until(() => sentrail.polls() >= 3);
    expect(await Promise.race([running, Promise.resolve("still waiting")])).toBe("still waiting");
    sentrail.set("correlation-1", "executed", { number: 12 });
    expect(await running).toMatchObject({
      status: "executed",
      via: "sentrail_replay",
      result: { number: 12 },
    });
    expect(execute).not.toHaveBeenCalled();
  });

  it("reports a failed Sentrail replay as failed with an unknown side effect", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval", { replay: "sentrail" });
    const running = guard.run({ toolName: "create_issue", toolCallId: "c1" }, vi.fn());
    await until(() => pending.length >= 1);
    sentrail.set("correlation-1", "failed", { error: "Tool API returned 422", status: 422, body: null });
    expect(await running).toMatchObject({
      status: "failed",
      via: "sentrail_replay",
      sideEffect: "unknown",
      retrySafe: false,
      reason: "Sentrail's replay of the approved call failed: Tool API returned 422",
    });
  });
});

describe("createGuard: kill switch", () => {
  it("ends every concurrent wait as soon as one poll shows the global switch, and runs nothing", async () => {
    const sentrail = createStubSentrail(() => "require_approval");
    const sleepers: Array<() => void> = [];
    // Sleeps end only when the test wakes them (or their signal aborts), so each poll is counted.
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        sleepers.push(resolve);
      });
    const guard = createGuard({ client: sentrail.client, polling: { sleep } });
    const execute = vi.fn();
    const runs = [1, 2, 3].map((n) => guard.run({ toolName: `refund_${n}`, toolCallId: `c${n}` }, execute));
    await until(() => sleepers.length === 3);
    const pollsBefore = sentrail.polls();
    sentrail.killSwitch.global = true;
    for (const approval of sentrail.approvals.values()) approval.status = "approved";
    sleepers.shift()?.();
    const outcomes = await Promise.all(runs);
    expect(sentrail.polls() - pollsBefore).toBe(1);
    expect(execute).not.toHaveBeenCalled();
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        status: "kill_switch",
        reason: "Kill switch is active",
        sideEffect: "not_started",
        retrySafe: false,
      });
    }
  });

  it("ends a wait when its tool is paused, and leaves waits for other tools alone", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval", {
      // The merge waits on virtual time until the refund is pending too, however late that is under load.
      tools: {
        merge_pr: {
          evaluation: { tool: "github", action: "pull_request.merge" },
          approvalTimeoutMs: 24 * 60 * 60 * 1000,
        },
      },
    });
    const paused = guard.run({ toolName: "refund", toolCallId: "c1" }, vi.fn());
    const other = guard.run({ toolName: "merge_pr", toolCallId: "c2" }, async () => "merged");
    // Both calls waiting: onPending also reports every poll, so two events may come from one call alone.
    await until(() => new Set(pending.map((event) => event.toolName)).size === 2);
    sentrail.killSwitch.toolsPaused.push("internal_api");
    // The two evaluations may reach Sentrail in either order: approve the merge by its own correlation id.
    const merge = pending.find((event) => event.toolName === "merge_pr");
    sentrail.set(merge?.correlationId ?? "", "approved");
    expect(await paused).toMatchObject({ status: "kill_switch", reason: "Tool internal_api is paused" });
    expect(await other).toMatchObject({ status: "executed", result: "merged" });
  });

  it("does not run an approval whose final poll shows the kill switch on", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval");
    const execute = vi.fn();
    const running = guard.run({ toolName: "refund", toolCallId: "c1" }, execute);
    await until(() => pending.length >= 1);
    sentrail.killSwitch.global = true;
    sentrail.set("correlation-1", "approved");
    expect(await running).toMatchObject({ status: "kill_switch" });
    expect(execute).not.toHaveBeenCalled();
  });
});

describe("createGuard: fail mode and shadow mode", () => {
  it("fails closed when Sentrail is unreachable: the tool does not run, a later retry is safe", async () => {
    const failure = new SentrailUnavailableError("network", "Could not reach Sentrail");
    const { guard, decisions } = setup(() => failure);
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "refund" }, execute);
    expect(execute).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      status: "unavailable",
      decision: null,
      sideEffect: "not_started",
      retrySafe: true,
      error: failure,
      reason: "Sentrail unavailable: SentrailUnavailableError: Could not reach Sentrail",
    });
    expect(decisions).toMatchObject([{ enforcement: "refuse", evaluation: null, error: failure }]);
  });

  it("marks a rejected key as not retry-safe (a retry cannot fix it)", async () => {
    const { guard } = setup(
      () => new SentrailAuthenticationError("Invalid or expired API key", { status: 401 }),
    );
    expect(await guard.run({ toolName: "refund" }, vi.fn())).toMatchObject({
      status: "unavailable",
      retrySafe: false,
    });
  });

  it("fails open when asked: runs the tool and reports the failure", async () => {
    const failure = new SentrailUnavailableError("timeout", "Sentrail did not answer within 10000 ms");
    const { guard, decisions } = setup(() => failure, { tools: { refund: { failMode: "open" } } });
    const outcome = await guard.run({ toolName: "refund" }, async () => "ok");
    expect(outcome).toMatchObject({
      status: "executed",
      result: "ok",
      ranAlthough: "unavailable",
      error: failure,
    });
    expect(decisions).toMatchObject([{ enforcement: "run", failMode: "open", error: failure }]);
  });

  it("never fails open past a decision Sentrail did give", async () => {
    const { guard } = setup(() => "block", { failMode: "open" });
    const execute = vi.fn();
    expect(await guard.run({ toolName: "refund" }, execute)).toMatchObject({ status: "blocked" });
    expect(execute).not.toHaveBeenCalled();
  });

  it.each(["block", "require_approval"] as const)(
    "runs at once in shadow mode and reports that it ran although the decision was %s",
    async (verdict) => {
      const { guard, sentrail, pending, decisions } = setup(() => verdict, { mode: "shadow" });
      const outcome = await guard.run({ toolName: "refund", toolCallId: "c1" }, async () => "ran");
      expect(outcome).toMatchObject({
        status: "executed",
        result: "ran",
        mode: "shadow",
        ranAlthough: verdict,
      });
      expect(pending).toHaveLength(0);
      expect(sentrail.polls()).toBe(0);
      expect(decisions).toMatchObject([{ mode: "shadow", enforcement: "run" }]);
    },
  );

  it("starts the tool in shadow mode before the evaluation answers", async () => {
    let release: () => void = () => undefined;
    const { guard } = setup(undefined, {
      mode: "shadow",
      evaluate: () =>
        new Promise((resolve) => {
          release = () =>
            resolve({
              decision: "allow",
              reason: "",
              matchedPolicyId: null,
              auditLogId: "a",
              correlationId: "c",
            });
        }),
    });
    const execute = vi.fn(async () => "ran");
    const running = guard.run({ toolName: "refund" }, execute);
    await until(() => execute.mock.calls.length === 1);
    release();
    expect(await running).toMatchObject({ status: "executed", ranAlthough: null, auditLogId: "a" });
  });
});

describe("createGuard: exactly once", () => {
  it("attaches a second submission of a pending call to the first: one evaluation, one execution", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval");
    const execute = vi.fn(async () => "once");
    const call = { toolName: "refund", input: { b: 2, a: 1 }, toolCallId: "c1" };
    const first = guard.run(call, execute);
    await until(() => pending.length >= 1);
    const second = guard.run({ ...call, input: { a: 1, b: 2 } }, execute);
    sentrail.set("correlation-1", "approved");
    const [one, two] = await Promise.all([first, second]);
    expect(sentrail.evaluations).toHaveLength(1);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(two).toBe(one);
  });

  it("never runs a call again once it executed, and reads the settled outcome back", async () => {
    const { guard, sentrail, settled } = setup(() => "allow");
    const execute = vi.fn(async () => 1);
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const first = await guard.run(call, execute);
    const again = await guard.run(call, execute);
    expect(again).toEqual(first);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(sentrail.evaluations).toHaveLength(1);
    expect(settled).toHaveLength(1);
  });

  it("does not let an approval cover other arguments under the same tool-call id", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval", { approvalTimeoutMs: 600_000 });
    const execute = vi.fn(async (amount: number) => amount);
    const controller = new AbortController();
    const small = guard.run({ toolName: "refund", input: { amount: 5 }, toolCallId: "c1" }, () => execute(5));
    const large = guard.run(
      { toolName: "refund", input: { amount: 500 }, toolCallId: "c1" },
      () => execute(500),
      {
        signal: controller.signal,
      },
    );
    await until(() => pending.filter((event) => event.update === null).length === 2);
    expect(sentrail.evaluations).toHaveLength(2);
    // The two evaluations may reach Sentrail in either order: find each by its arguments.
    const smallNumber = sentrail.evaluations.findIndex((input) => input.payload?.amount === 5) + 1;
    sentrail.set(`correlation-${smallNumber}`, "approved");
    expect(await small).toMatchObject({ status: "executed", result: 5 });
    controller.abort();
    expect(await large).toMatchObject({
      status: "aborted",
      approvalRequestId: `approval-${3 - smallNumber}`,
    });
    expect(execute.mock.calls).toEqual([[5]]);
  });

  it("runs a call without a tool-call id every time (each run is a new call)", async () => {
    const { guard, sentrail } = setup(() => "allow");
    const execute = vi.fn();
    await guard.run({ toolName: "refund", input: { id: 1 } }, execute);
    await guard.run({ toolName: "refund", input: { id: 1 } }, execute);
    expect(execute).toHaveBeenCalledTimes(2);
    expect(sentrail.evaluations).toHaveLength(2);
  });

  it("reports a thrown execute as failed with an unknown side effect, and never runs it again", async () => {
    const { guard } = setup(() => "allow");
    const error = new Error("connection reset while writing agk_secret");
    const execute = vi.fn(async () => {
      throw error;
    });
    const call = { toolName: "refund", toolCallId: "c1" };
    const outcome = await guard.run(call, execute);
    expect(outcome).toMatchObject({ status: "failed", sideEffect: "unknown", retrySafe: false, error });
    expect(outcome.message).not.toContain("agk_");
    expect(outcome.reason).toBe("The tool threw (Error)");
    expect(await guard.run(call, execute)).toMatchObject({ status: "failed" });
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it("treats a call another run started but never finished as possibly executed", async () => {
    const store = createMemoryGuardStore();
    const { guard } = setup(() => "allow", { store });
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const probe = await guard.run({ ...call, toolCallId: "probe" }, () => null);
    const key = probe.callKey.replace(/^probe:/, "c1:");
    // Its claim expired long ago: the owner is gone.
    store.claim(key, null, {
      state: "executing",
      revision: "r1",
      toolName: "refund",
      evaluation: null,
      owner: "crashed-run",
      leaseUntil: Date.now() - 1,
    });
    const execute = vi.fn();
    expect(await guard.run(call, execute)).toMatchObject({
      status: "failed",
      sideEffect: "unknown",
      callKey: key,
      reason: "An earlier run of this call started the tool and did not record how it ended",
    });
    expect(execute).not.toHaveBeenCalled();
  });

  it("evaluates a closed-failed call again on retry (nothing was decided)", async () => {
    let fail = true;
    const { guard } = setup(() => (fail ? new SentrailUnavailableError("network", "down") : "allow"));
    const call = { toolName: "refund", toolCallId: "c1" };
    expect(await guard.run(call, async () => 1)).toMatchObject({ status: "unavailable" });
    fail = false;
    expect(await guard.run(call, async () => 1)).toMatchObject({ status: "executed" });
  });
});

describe("createGuard: abort", () => {
  it("aborts during evaluation without running the tool", async () => {
    const { guard } = setup(() => "allow");
    const controller = new AbortController();
    const execute = vi.fn();
    const running = guard.run({ toolName: "refund" }, execute, { signal: controller.signal });
    controller.abort();
    expect(await running).toMatchObject({ status: "aborted", sideEffect: "not_started", retrySafe: true });
    await until(() => true);
    expect(execute).not.toHaveBeenCalled();
  });

  it("aborts a wait at once, and the approval stays resumable", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval");
    const controller = new AbortController();
    const execute = vi.fn(async () => "late");
    const call = { toolName: "refund", toolCallId: "c1" };
    const running = guard.run(call, execute, { signal: controller.signal });
    await until(() => pending.length >= 1);
    controller.abort(new Error("user left"));
    expect(await running).toMatchObject({
      status: "aborted",
      sideEffect: "not_started",
      approvalRequestId: "approval-1",
    });
    sentrail.set("correlation-1", "approved");
    expect(await guard.run(call, execute)).toMatchObject({ status: "executed", result: "late" });
    expect(sentrail.evaluations).toHaveLength(1);
  });

  it("passes the signal into execute and reports an unknown side effect when it rejects", async () => {
    const { guard } = setup(() => "allow");
    const controller = new AbortController();
    let started = false;
    const running = guard.run(
      { toolName: "refund", toolCallId: "c1" },
      ({ signal }) =>
        new Promise((_resolve, reject) => {
          started = true;
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
      { signal: controller.signal },
    );
    await until(() => started);
    controller.abort();
    expect(await running).toMatchObject({ status: "aborted", sideEffect: "unknown", retrySafe: false });
  });

  it("does not hand a cancelled run's outcome to a caller that arrives while it winds down", async () => {
    const sentrail = createStubSentrail(() => "require_approval");
    const releases: Array<() => void> = [];
    // An evaluation that ignores the signal, so the cancelled run is still winding down when the next caller comes.
    const evaluate = (input: EvaluateActionInput) =>
      new Promise<EvaluateActionResult>((resolve) => {
        releases.push(() => resolve(sentrail.client.evaluateAction(input)));
      });
    const { guard, pending } = setup(undefined, { client: sentrail.client, evaluate });
    const controller = new AbortController();
    const execute = vi.fn(async () => "done");
    const call = { toolName: "refund", toolCallId: "c1" };
    const cancelled = guard.run(call, execute, { signal: controller.signal });
    await until(() => releases.length === 1);
    controller.abort();
    expect(await cancelled).toMatchObject({ status: "aborted" });
    const fresh = guard.run(call, execute);
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
    releases[0]?.();
    await until(() => pending.length >= 1);
    sentrail.set("correlation-1", "approved");
    expect(await fresh).toMatchObject({ status: "executed", result: "done" });
    expect(releases).toHaveLength(1);
  });

  it("lets one caller of a shared call leave without cancelling the others", async () => {
    const { guard, sentrail, pending } = setup(() => "require_approval");
    const controller = new AbortController();
    const execute = vi.fn(async () => "done");
    const call = { toolName: "refund", toolCallId: "c1" };
    const leaving = guard.run(call, execute, { signal: controller.signal });
    const staying = guard.run(call, execute);
    await until(() => pending.length >= 1);
    controller.abort();
    expect(await leaving).toMatchObject({ status: "aborted" });
    sentrail.set("correlation-1", "approved");
    expect(await staying).toMatchObject({ status: "executed", result: "done" });
    expect(execute).toHaveBeenCalledTimes(1);
  });
});

describe("createGuard: hooks and input checks", () => {
  it("keeps going when a hook throws", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { guard } = setup(() => "allow", {
      onDecision: () => {
        throw new Error("hook bug with Bearer agk_abc");
      },
    });
    expect(await guard.run({ toolName: "refund" }, async () => 1)).toMatchObject({ status: "executed" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain("agk_abc");
  });

  it("rejects a call without a tool name", async () => {
    const { guard } = setup();
    await expect(guard.run({ toolName: "" }, () => 1)).rejects.toThrow(TypeError);
  });

  it("reports polls of a pending wait through onPending", async () => {
    const updates: ApprovalPollUpdate[] = [];
    const { guard, sentrail } = setup(() => "require_approval", {
      onPending: (event) => {
        if (event.update) updates.push(event.update);
      },
    });
    const running = guard.run({ toolName: "refund" }, vi.fn());
    await until(() => updates.length >= 3);
    sentrail.set("correlation-1", "denied");
    await running;
    expect(updates.map((update) => update.polls).slice(0, 3)).toEqual([1, 2, 3]);
  });
});

const allowed: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Allow' matched",
  matchedPolicyId: "p-allow",
  auditLogId: "audit-allow",
  correlationId: "correlation-allow",
};

/** An evaluate that never answers by itself: it settles when its signal aborts (or `answer` is called). */
function hangingEvaluate() {
  const signals: AbortSignal[] = [];
  let answer: (result: EvaluateActionResult) => void = () => undefined;
  const evaluate = vi.fn(
    (_input: EvaluateActionInput, options: RequestOptions) =>
      new Promise<EvaluateActionResult>((resolve, reject) => {
        if (options.signal) signals.push(options.signal);
        answer = resolve;
        options.signal?.addEventListener("abort", () => reject(options.signal?.reason), { once: true });
      }),
  );
  return { evaluate, signals, answer: (result: EvaluateActionResult) => answer(result) };
}

describe("createGuard: a caller that aborted", () => {
  it.each(["self", "sentrail"] as const)(
    "sends nothing and runs nothing when the caller aborted before the call started (replay %s)",
    async (replay) => {
      const evaluate = vi.fn(async () => allowed);
      const { guard } = setup(undefined, { evaluate, replay });
      const execute = vi.fn();
      const outcome = await guard.run({ toolName: "create_issue", toolCallId: "c1" }, execute, {
        signal: AbortSignal.abort(new Error("user left")),
      });
      expect(outcome).toMatchObject({ status: "aborted", sideEffect: "not_started", retrySafe: true });
      expect(evaluate).not.toHaveBeenCalled();
      expect(execute).not.toHaveBeenCalled();
      // Nothing was recorded: the same call runs normally afterwards.
      expect(
        await guard.run({ toolName: "create_issue", toolCallId: "c1" }, async () => "ran"),
      ).toMatchObject({
        status: "executed",
      });
    },
  );

  it("hands evaluate a signal that aborts once every caller has aborted, not before", async () => {
    const hanging = hangingEvaluate();
    const { guard } = setup(undefined, { evaluate: hanging.evaluate });
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const first = new AbortController();
    const second = new AbortController();
    // A caller that has joined listens for its own abort; wait for both, so neither is still on its way.
    let listening = 0;
    for (const controller of [first, second]) {
      const add = controller.signal.addEventListener.bind(controller.signal);
      controller.signal.addEventListener = ((...args: Parameters<AbortSignal["addEventListener"]>) => {
        listening++;
        add(...args);
      }) as AbortSignal["addEventListener"];
    }
    const runs = [
      guard.run(call, vi.fn(), { signal: first.signal }),
      guard.run(call, vi.fn(), { signal: second.signal }),
    ];
    await until(() => hanging.signals.length === 1 && listening >= 2);
    first.abort();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(hanging.signals[0]?.aborted).toBe(false);
    second.abort();
    expect(hanging.signals[0]?.aborted).toBe(true);
    for (const outcome of await Promise.all(runs)) expect(outcome).toMatchObject({ status: "aborted" });
    expect(hanging.evaluate).toHaveBeenCalledTimes(1);
  });

  it("reports an abort while a forwarding evaluate is in flight as unknown, and never sends it again", async () => {
    const hanging = hangingEvaluate();
    const { guard } = setup(undefined, { evaluate: hanging.evaluate, replay: "sentrail" });
    const call = { toolName: "create_issue", input: { title: "Bug" }, toolCallId: "c1" };
    const controller = new AbortController();
    const running = guard.run(call, vi.fn(), { signal: controller.signal });
    await until(() => hanging.signals.length === 1);
    controller.abort(new Error("user left"));
    const outcome = await running;
    expect(outcome).toMatchObject({ status: "aborted", sideEffect: "unknown", retrySafe: false });
    expect(outcome.message).toContain("Do not retry");
    // The host retries the same call: it gets the same truthful outcome, and the gate sees one request.
    await until(() => true);
    expect(await guard.run(call, vi.fn())).toMatchObject({ status: "aborted", sideEffect: "unknown" });
    expect(hanging.evaluate).toHaveBeenCalledTimes(1);
  });

  it("reports a forwarding evaluate that timed out as unknown and not retry-safe", async () => {
    const timeout = new SentrailUnavailableError("timeout", "no answer within 50 ms");
    const { guard } = setup(() => timeout, { replay: "sentrail" });
    expect(await guard.run({ toolName: "create_issue" }, vi.fn())).toMatchObject({
      status: "unavailable",
      sideEffect: "unknown",
      retrySafe: false,
    });
  });
});

describe("createGuard: what failing open covers", () => {
  const noAnswer: Array<[string, Error]> = [
    ["a network failure", new SentrailUnavailableError("network", "fetch failed")],
    ["a timeout", new SentrailUnavailableError("timeout", "no answer within 10000 ms")],
    ["a 500", new SentrailServerError("Internal error", { status: 500 })],
    ["a 502", new SentrailServerError("Bad gateway", { status: 502 })],
    ["a 429", new SentrailRateLimitError("Too many requests", { status: 429 })],
  ];
  const answeredNo: Array<[string, Error]> = [
    ["a 401 (a revoked key)", new SentrailAuthenticationError("Invalid or expired API key", { status: 401 })],
    ["a 403", new SentrailPermissionError("Key lacks scope", { status: 403 })],
    ["a 400", new SentrailValidationError("tool is required", { status: 400 })],
    ["a 404", new SentrailError("Not found", { status: 404 })],
    ["an unreadable answer", new SentrailUnavailableError("unreadable", "not JSON")],
    ["an error that is not Sentrail's", new TypeError("bug in a custom evaluate")],
  ];

  it.each(noAnswer)("runs the tool on %s (no answer) and reports it", async (_name, failure) => {
    const { guard, decisions } = setup(() => failure, { failMode: "open" });
    const outcome = await guard.run({ toolName: "refund" }, async () => "ran");
    expect(outcome).toMatchObject({ status: "executed", ranAlthough: "unavailable", error: failure });
    expect(decisions).toMatchObject([{ enforcement: "run" }]);
  });

  it.each(answeredNo)("does not run the tool on %s, even when failing open", async (_name, failure) => {
    const { guard, decisions } = setup(() => failure, { failMode: "open" });
    const execute = vi.fn();
    const outcome = await guard.run({ toolName: "refund" }, execute);
    expect(outcome).toMatchObject({ status: "unavailable", sideEffect: "not_started", error: failure });
    expect(execute).not.toHaveBeenCalled();
    expect(decisions).toMatchObject([{ enforcement: "refuse" }]);
  });
});

describe("createGuard: several guards sharing one store", () => {
  it("runs an allowed call exactly once across four guards, and all four get the same outcome", async () => {
    const store = createMemoryGuardStore();
    const sentrail = createStubSentrail(() => "allow");
    const guards = Array.from({ length: 4 }, () => createGuard({ client: sentrail.client, store }));
    const execute = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { refunded: 1 };
    });
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const outcomes = await Promise.all(guards.map((guard) => guard.run(call, execute)));
    expect(execute).toHaveBeenCalledTimes(1);
    expect(sentrail.evaluations).toHaveLength(1);
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
    expect(outcomes[0]).toMatchObject({ status: "executed", result: { refunded: 1 } });
  });

  it("asks for one approval across guards and runs the approved call once", async () => {
    const store = createMemoryGuardStore();
    const sentrail = createStubSentrail(() => "require_approval");
    const clock = createVirtualClock();
    const guards = Array.from({ length: 4 }, () =>
      createGuard({ client: sentrail.client, store, polling: { now: clock.now, sleep: clock.sleep } }),
    );
    const execute = vi.fn(async () => "refunded");
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const runs = guards.map((guard) => guard.run(call, execute));
    await until(() => sentrail.approvals.size === 1 && sentrail.polls() >= 4);
    sentrail.set("correlation-1", "approved");
    const outcomes = await Promise.all(runs);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(sentrail.evaluations).toHaveLength(1);
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
    expect(outcomes[0]).toMatchObject({ status: "executed", approvalRequestId: "approval-1" });
  });

  it("never runs a call whose claim expired while executing elsewhere (the owner died)", async () => {
    const store = createMemoryGuardStore();
    const sentrail = createStubSentrail(() => "allow");
    const dying = createGuard({ client: sentrail.client, store, leaseMs: 30 });
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    let hang: () => void = () => undefined;
    const executions = vi.fn(() => new Promise<string>((resolve) => (hang = () => resolve("late"))));
    const first = dying.run(call, executions);
    await until(() => executions.mock.calls.length === 1);
    // The owner's process "freezes": renewal stops because its timer never fires in a dead process; here
    // the record is made stale by hand, as a crash would leave it.
    const key = await createCallKey(call);
    const record = store.get(key);
    if (record?.state !== "executing") throw new Error(`expected an executing record, got ${record?.state}`);
    store.claim(key, record.revision, { ...record, revision: "stale", leaseUntil: Date.now() - 1 });
    const other = createGuard({ client: sentrail.client, store });
    const execute = vi.fn();
    expect(await other.run(call, execute)).toMatchObject({ status: "failed", sideEffect: "unknown" });
    expect(execute).not.toHaveBeenCalled();
    hang();
    // The first run still reports its own real result to its caller.
    expect(await first).toMatchObject({ status: "executed", result: "late" });
  });
});

describe("createGuard: a gate nested in a gate", () => {
  it("passes a nested run of the same call straight through, without a second evaluation", async () => {
    const { guard, sentrail } = setup(() => "allow");
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const inner = vi.fn(async () => "refunded");
    const outcome = await guard.run(call, async () => {
      const nested = await guard.run({ ...call, input: { id: 1 } }, inner);
      return nested.status === "executed" ? nested.result : nested.status;
    });
    expect(outcome).toMatchObject({ status: "executed", result: "refunded" });
    expect(inner).toHaveBeenCalledTimes(1);
    expect(sentrail.evaluations).toHaveLength(1);
  });

  it("asks for one approval when two separate guards gate the same call", async () => {
    const sentrail = createStubSentrail(() => "require_approval");
    const clock = createVirtualClock();
    const polling = { now: clock.now, sleep: clock.sleep };
    const outer = createGuard({ client: sentrail.client, polling });
    const inner = createGuard({ client: sentrail.client, polling });
    const call = { toolName: "refund", input: { id: 1 }, toolCallId: "c1" };
    const tool = vi.fn(async () => "refunded");
    const running = outer.run(call, async () => {
      const nested = await inner.run({ ...call, scope: "another-scope" }, tool);
      if (nested.status !== "executed") throw new Error(`inner gate did not pass through: ${nested.status}`);
      return nested.result;
    });
    await until(() => sentrail.approvals.size === 1);
    sentrail.set("correlation-1", "approved");
    expect(await running).toMatchObject({ status: "executed", result: "refunded" });
    expect(tool).toHaveBeenCalledTimes(1);
    expect(sentrail.evaluations).toHaveLength(1);
  });

  it("still decides a nested call with other arguments, or another tool-call id", async () => {
    const { guard, sentrail } = setup((input) => (input.action === "refund" ? "allow" : "block"));
    const outcome = await guard.run({ toolName: "refund", input: { id: 1 }, toolCallId: "c1" }, async () => {
      const other = await guard.run(
        { toolName: "refund", input: { id: 2 }, toolCallId: "c1" },
        async () => 2,
      );
      const otherId = await guard.run(
        { toolName: "refund", input: { id: 1 }, toolCallId: "c2" },
        async () => 3,
      );
      const blocked = await guard.run({ toolName: "drop", input: { id: 1 } }, async () => 4);
      return [other.status, otherId.status, blocked.status];
    });
    expect(outcome).toMatchObject({ status: "executed", result: ["executed", "executed", "blocked"] });
    expect(sentrail.evaluations).toHaveLength(4);
  });

  it("lets an enforcing gate decide inside a shadow-mode gate of the same call", async () => {
    const sentrail = createStubSentrail(() => "block");
    const shadow = createGuard({ client: sentrail.client, mode: "shadow" });
    const enforcing = createGuard({ client: sentrail.client });
    const call = { toolName: "drop", input: { table: "users" }, toolCallId: "c1" };
    const tool = vi.fn();
    const outcome = await shadow.run(call, () => enforcing.run(call, tool));
    expect(outcome).toMatchObject({
      status: "executed",
      ranAlthough: "block",
      result: { status: "blocked" },
    });
    expect(tool).not.toHaveBeenCalled();
  });
});

describe("createGuard: the kill switch seen by another call", () => {
  it("ends every wait of the guard at once when an evaluation is refused by the kill switch", async () => {
    const sentrail = createStubSentrail(() => "require_approval");
    const killSwitchOn = { value: false };
    const evaluate = vi.fn(async (input: EvaluateActionInput, options: RequestOptions) => {
      if (!killSwitchOn.value) return sentrail.client.evaluateAction(input, options);
      return {
        decision: "block" as const,
        reason: "Kill switch is active",
        matchedPolicyId: null,
        auditLogId: "audit-ks",
        correlationId: "correlation-ks",
      };
    });
    const sleeps: number[] = [];
    const guard = createGuard({
      client: sentrail.client,
      evaluate,
      // Real timers with a long first delay: only the broadcast can end the wait before it.
      polling: {
        initialDelayMs: 60_000,
        sleep: (ms, signal) => {
          sleeps.push(ms);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, ms);
            signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(signal.reason);
            });
          });
        },
      },
    });
    const execute = vi.fn();
    const waiting = guard.run({ toolName: "refund", input: { id: 1 } }, execute);
    await until(() => sleeps.length === 1);
    killSwitchOn.value = true;
    expect(await guard.run({ toolName: "list" }, execute)).toMatchObject({ status: "blocked" });
    expect(await waiting).toMatchObject({ status: "kill_switch", reason: "Kill switch is active" });
    expect(sentrail.polls()).toBe(1);
    expect(execute).not.toHaveBeenCalled();
  });
});

describe("createGuard: approvals that outlive the run (resume handles)", () => {
  it("looks once with approvalTimeoutMs 0 and hands back a JSON handle that another guard resumes", async () => {
    const sentrail = createStubSentrail(() => "require_approval");
    const clock = createVirtualClock();
    const polling = { now: clock.now, sleep: clock.sleep };
    const asking = createGuard({ client: sentrail.client, polling });
    const call = { toolName: "refund", input: { id: 7 }, toolCallId: "c1" };
    const execute = vi.fn(async () => "refunded");
    const first = await asking.run(call, execute, { approvalTimeoutMs: 0 });
    expect(first).toMatchObject({ status: "timed_out", sideEffect: "not_started", wait: { polls: 1 } });
    const handle = JSON.parse(JSON.stringify(first.resume));
    expect(handle).toMatchObject({
      type: "sentrail.guard.approval",
      toolName: "refund",
      callKey: first.callKey,
    });
    sentrail.set("correlation-1", "approved");
    // Another process: its own guard and store, only the handle and the arguments.
    const other = createGuard({ client: sentrail.client, polling });
    const outcome = await other.resume(handle, { id: 7 }, execute);
    expect(outcome).toMatchObject({
      status: "executed",
      result: "refunded",
      approvalRequestId: "approval-1",
    });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(sentrail.evaluations).toHaveLength(1);
    // Resuming again reads the settled outcome; it never runs twice.
    expect(await other.resume(handle, { id: 7 }, execute)).toEqual(outcome);
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it("refuses a resume with other arguments or without a handle, and sends nothing", async () => {
    const sentrail = createStubSentrail(() => "require_approval");
    const guard = createGuard({ client: sentrail.client, polling: createVirtualClock() });
    const first = await guard.run({ toolName: "refund", input: { amount: 5 }, toolCallId: "c1" }, vi.fn(), {
      approvalTimeoutMs: 0,
    });
    const handle = first.resume;
    if (!handle) throw new Error("expected a resume handle");
    const polls = sentrail.polls();
    const execute = vi.fn();
    await expect(guard.resume(handle, { amount: 5000 }, execute)).rejects.toThrow(TypeError);
    await expect(guard.resume({ ...handle, version: 2 } as never, { amount: 5 }, execute)).rejects.toThrow(
      TypeError,
    );
    expect(execute).not.toHaveBeenCalled();
    expect(sentrail.polls()).toBe(polls);
  });

  it("carries no handle once the call is decided", async () => {
    const { guard, sentrail } = setup(() => "require_approval");
    const call = { toolName: "refund", toolCallId: "c1" };
    const running = guard.run(call, async () => "ok");
    await until(() => sentrail.approvals.size === 1);
    sentrail.set("correlation-1", "denied");
    expect(await running).toMatchObject({ status: "denied", resume: null });
  });
});
