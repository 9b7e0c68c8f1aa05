import { createGuard, type EvaluateActionResult, type GuardOutcome } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { createNativeApprovals } from "./create-native-approvals";

const answers: Record<string, EvaluateActionResult> = {
  lookup: { decision: "allow", reason: "ok", matchedPolicyId: "p", auditLogId: "a1", correlationId: "c1" },
  drop: { decision: "block", reason: "no", matchedPolicyId: "p", auditLogId: "a2", correlationId: "c2" },
  refund: {
    decision: "require_approval",
    reason: "Policy 'Approve refunds' matched",
    matchedPolicyId: "p",
    approvalRequestId: "approval-1",
    auditLogId: "a3",
    correlationId: "c3",
  },
};

function setup() {
  const evaluate = vi.fn(async (input: { action: string }) => answers[input.action]!);
  const waitForApproval = vi.fn(async (_correlationId: string, _options: { signal: AbortSignal }) => ({
    status: "aborted",
    reason: null,
    polls: 0,
    elapsedMs: 0,
    killSwitch: null,
  }));
  const native = createNativeApprovals(evaluate);
  const settled: GuardOutcome[] = [];
  const guard = createGuard({
    client: { evaluateAction: vi.fn(), waitForApproval } as never,
    evaluate,
    onPending: (event) => native.observePending(event),
    onDecision: (event) => native.observeDecision(event),
    onSettled: (outcome) => {
      if (native.observeSettled(outcome)) settled.push(outcome);
    },
  });
  native.attach(guard);
  return { native, guard, evaluate, waitForApproval, settled };
}

describe("createNativeApprovals", () => {
  it("asks for the SDK's approval only on require_approval, with Sentrail's reason and ids", async () => {
    const { native, waitForApproval } = setup();
    expect(await native.decide("lookup", {}, "t1")).toEqual({ needsApproval: false, status: undefined });
    expect(await native.decide("drop", {}, "t2")).toEqual({ needsApproval: false, status: undefined });
    expect(await native.decide("refund", { id: 1 }, "t3")).toEqual({
      needsApproval: true,
      status: {
        type: "user-approval",
        reason: "Policy 'Approve refunds' matched (Sentrail approval approval-1)",
      },
    });
    expect(native.approvalFor("t3")).toMatchObject({ approvalRequestId: "approval-1", correlationId: "c3" });
    expect(native.approvalFor("t1")).toBeUndefined();
    // The probe never polls: its run goes on to record the open approval, with the wait already stopped.
    await vi.waitFor(() => expect(waitForApproval).toHaveBeenCalledTimes(1));
    expect(waitForApproval.mock.calls[0]?.[1].signal.aborted).toBe(true);
  });

  it("parks an allow for the same call only, once", async () => {
    const { native } = setup();
    await native.decide("lookup", { q: 1 }, "t1");
    expect(native.takeParked("lookup", { q: 2 }, "t1")).toBeUndefined();
    const parked = native.takeParked("lookup", { q: 1 }, "t1");
    expect(await parked?.({} as never, {})).toMatchObject({ decision: "allow", auditLogId: "a1" });
    expect(native.takeParked("lookup", { q: 1 }, "t1")).toBeUndefined();
  });

  it("lets the guard record a block (reported once) and an open approval (its hand-off not reported)", async () => {
    const { native, guard, evaluate, settled } = setup();
    await native.decide("drop", {}, "t2");
    await native.decide("refund", {}, "t3");
    const execute = vi.fn();
    expect(await guard.run({ toolName: "drop", input: {}, toolCallId: "t2" }, execute)).toMatchObject({
      status: "blocked",
    });
    expect(settled.map((outcome) => outcome.status)).toEqual(["blocked"]);
    expect(evaluate).toHaveBeenCalledTimes(2);
    // Deciding the open approval again (AI SDK 7 re-checks it) asks nobody and still needs approval.
    expect(await native.decide("refund", {}, "t3")).toMatchObject({ needsApproval: true });
    expect(evaluate).toHaveBeenCalledTimes(2);
    expect(execute).not.toHaveBeenCalled();
  });

  it("refuses to decide before a guard is attached", async () => {
    await expect(createNativeApprovals(vi.fn()).decide("x", {}, "t")).rejects.toThrow("attach");
  });
});
