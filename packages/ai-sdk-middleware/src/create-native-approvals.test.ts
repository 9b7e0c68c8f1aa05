import { createMemoryGuardStore, type EvaluateActionResult } from "@sentrail/client";
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

function setup(store = createMemoryGuardStore()) {
  const evaluate = vi.fn(async (input: { action: string }) => answers[input.action]!);
  const onEvaluated = vi.fn();
  const native = createNativeApprovals({ evaluate, store, agentId: "bot", onEvaluated });
  return { native, evaluate, onEvaluated, store };
}

describe("createNativeApprovals", () => {
  it("asks for the SDK's approval only on require_approval, with Sentrail's reason and ids", async () => {
    const { native, evaluate, onEvaluated } = setup();
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
    expect(evaluate).toHaveBeenCalledTimes(3);
    expect(evaluate.mock.calls[2]?.[0]).toEqual({
      tool: "internal_api",
      action: "refund",
      riskLevel: "medium",
      payload: { id: 1 },
      agentId: "bot",
    });
    expect(onEvaluated).toHaveBeenCalledTimes(3);
  });

  it("evaluates a call once: concurrent checks, re-checks and another gate on the same store answer from that decision", async () => {
    const { native, evaluate, store } = setup();
    const [one, two] = await Promise.all([
      native.decide("refund", { id: 1 }, "t3"),
      native.decide("refund", { id: 1 }, "t3"),
    ]);
    expect(one.needsApproval && two.needsApproval).toBe(true);
    expect((await native.decide("refund", { id: 1 }, "t3")).needsApproval).toBe(true);
    const later = createNativeApprovals({ evaluate, store });
    expect(await later.decide("refund", { id: 1 }, "t3")).toEqual(one);
    expect(later.approvalFor("t3")).toMatchObject({ approvalRequestId: "approval-1" });
    expect(evaluate).toHaveBeenCalledTimes(1);
  });

  it("adopts the approval another gate on the same store recorded first, so the call has one approval", async () => {
    const store = createMemoryGuardStore();
    const second: EvaluateActionResult = { ...answers.refund!, approvalRequestId: "approval-2" } as never;
    // Both gates ask Sentrail at the same time; the first one records its approval first.
    let otherAsking!: () => void;
    const otherAsked = new Promise<void>((resolve) => {
      otherAsking = resolve;
    });
    const first = createNativeApprovals({
      evaluate: async () => {
        await otherAsked;
        return answers.refund!;
      },
      store,
    });
    const firstDecided = first.decide("refund", {}, "t3");
    const otherEvaluate = vi.fn(async () => {
      otherAsking();
      await firstDecided;
      return second;
    });
    const other = createNativeApprovals({ evaluate: otherEvaluate, store });
    expect(await other.decide("refund", {}, "t3")).toEqual(await firstDecided);
    expect(otherEvaluate).toHaveBeenCalledTimes(1);
    expect(other.approvalFor("t3")).toMatchObject({ approvalRequestId: "approval-1" });
    const handed = await other.evaluateFor("refund", {}, "t3");
    expect(await handed?.({} as never, {})).toMatchObject({ approvalRequestId: "approval-1" });
  });

  it("hands the decision to execute: an allow once, a block and an approval every time", async () => {
    const { native, evaluate } = setup();
    await native.decide("lookup", { q: 1 }, "t1");
    await native.decide("drop", {}, "t2");
    await native.decide("refund", {}, "t3");
    const allow = await native.evaluateFor("lookup", { q: 1 }, "t1");
    expect(await allow?.({} as never, {})).toMatchObject({ decision: "allow", auditLogId: "a1" });
    expect(await native.evaluateFor("lookup", { q: 1 }, "t1")).toBeUndefined();
    // The approval stage still answers from the decision after it was handed over.
    expect(await native.decide("lookup", { q: 1 }, "t1")).toMatchObject({ needsApproval: false });
    for (let attempt = 0; attempt < 2; attempt++) {
      const block = await native.evaluateFor("drop", {}, "t2");
      expect(await block?.({} as never, {})).toMatchObject({ decision: "block" });
      const approval = await native.evaluateFor("refund", {}, "t3");
      expect(await approval?.({} as never, {})).toMatchObject({ decision: "require_approval" });
    }
    expect(evaluate).toHaveBeenCalledTimes(3);
  });

  it("does not let a decision cover other arguments, another tool-call id or a call without one", async () => {
    const { native } = setup();
    await native.decide("lookup", { q: 1 }, "t1");
    expect(await native.evaluateFor("lookup", { q: 2 }, "t1")).toBeUndefined();
    expect(await native.evaluateFor("lookup", { q: 1 }, "t9")).toBeUndefined();
    expect(await native.evaluateFor("lookup", { q: 1 }, undefined)).toBeUndefined();
    expect(await native.evaluateFor("lookup", { q: 1 }, "t1")).toBeTypeOf("function");
  });

  it("makes no approval request and hands nothing over when Sentrail gives no answer", async () => {
    const store = createMemoryGuardStore();
    const evaluate = vi.fn(async () => {
      throw new Error("unreachable");
    });
    const native = createNativeApprovals({ evaluate, store });
    expect(await native.decide("refund", {}, "t3")).toEqual({ needsApproval: false, status: undefined });
    expect(await native.evaluateFor("refund", {}, "t3")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("marks the evaluations it made, so the gate does not observe them twice", async () => {
    const { native } = setup();
    await native.decide("drop", {}, "t2");
    const handed = await native.evaluateFor("drop", {}, "t2");
    expect(native.isDecided(await handed!({} as never, {}))).toBe(true);
    expect(native.isDecided({ ...answers.drop! })).toBe(false);
  });
});
