import type { ApprovalStatusUpdate, EvaluateActionResult, KillSwitchState } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { createKillSwitchTracker } from "./create-kill-switch-tracker";

const state = (global: boolean, toolsPaused: KillSwitchState["toolsPaused"] = []): KillSwitchState => ({
  global,
  enabledAt: null,
  enabledBy: null,
  toolsPaused,
});
const blocked = (reason: string, matchedPolicyId: string | null = null): EvaluateActionResult => ({
  decision: "block",
  reason,
  matchedPolicyId,
  auditLogId: "a",
  correlationId: "c",
});
const pending: EvaluateActionResult = {
  decision: "require_approval",
  reason: "Policy 'x' matched",
  matchedPolicyId: "p",
  approvalRequestId: "r",
  auditLogId: "a",
  correlationId: "corr-approval",
};

describe("createKillSwitchTracker", () => {
  it("knows nothing before the first observation", async () => {
    expect(await createKillSwitchTracker().view()).toEqual({
      global: false,
      toolsPaused: [],
      observedAt: null,
    });
  });

  it("learns the global switch and pauses from Sentrail's own block reasons, not from policy blocks", async () => {
    let now = 1_000;
    const tracker = createKillSwitchTracker({ now: () => now });
    tracker.observeEvaluation("internal_api", blocked("Kill switch is active", "policy-1"));
    expect((await tracker.view()).global).toBe(false);
    tracker.observeEvaluation("internal_api", blocked("Kill switch is active"));
    tracker.observeEvaluation("github", blocked("Tool github is paused"));
    expect(await tracker.view()).toEqual({ global: true, toolsPaused: ["github"], observedAt: 1_000 });
    now += 5;
    tracker.observeEvaluation("internal_api", pending);
    expect(await tracker.view()).toEqual({ global: false, toolsPaused: ["github"], observedAt: 1_005 });
  });

  it("forgets observations after the TTL when there is nothing to poll", async () => {
    let now = 0;
    const tracker = createKillSwitchTracker({ now: () => now, ttlMs: 100 });
    tracker.observePoll(state(true, ["linear"]), null);
    now = 99;
    expect(await tracker.view()).toMatchObject({ global: true, toolsPaused: ["linear"] });
    now = 100;
    expect(await tracker.view()).toEqual({ global: false, toolsPaused: [], observedAt: null });
  });

  it("refreshes a stale view with one status poll of the last approval, with no retries", async () => {
    let now = 0;
    const getApprovalStatus = vi.fn(
      async (): Promise<ApprovalStatusUpdate> => ({
        correlationId: "corr-approval",
        status: "pending",
        decision: "require_approval",
        result: null,
        killSwitch: state(false),
      }),
    );
    const tracker = createKillSwitchTracker({ client: { getApprovalStatus }, now: () => now, ttlMs: 100 });
    tracker.observeEvaluation("internal_api", pending);
    tracker.observePoll(state(true), null);
    expect((await tracker.view()).global).toBe(true);
    expect(getApprovalStatus).not.toHaveBeenCalled();
    now = 150;
    const [first, second] = await Promise.all([tracker.view(), tracker.view()]);
    expect(first.global).toBe(false);
    expect(second.global).toBe(false);
    expect(getApprovalStatus).toHaveBeenCalledTimes(1);
    expect(getApprovalStatus).toHaveBeenCalledWith("corr-approval", expect.objectContaining({ retries: 0 }));
  });

  it("keeps the previous view when a refresh fails, and drops a correlation id Sentrail no longer knows", async () => {
    let now = 0;
    const getApprovalStatus = vi.fn(async () => {
      throw Object.assign(new Error("Approval request not found"), { status: 404 });
    });
    const tracker = createKillSwitchTracker({ client: { getApprovalStatus }, now: () => now, ttlMs: 100 });
    tracker.observeEvaluation("internal_api", pending);
    now = 200;
    await tracker.view();
    now = 400;
    await tracker.view();
    expect(getApprovalStatus).toHaveBeenCalledTimes(1);
  });
});
