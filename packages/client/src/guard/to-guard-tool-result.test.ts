import { describe, expect, it } from "vitest";
import { createGuardOutcome, type GuardOutcomeContext } from "./create-guard-outcome";
import { toGuardToolResult } from "./to-guard-tool-result";

const context: GuardOutcomeContext = {
  toolName: "refund",
  callKey: "k",
  mode: "enforce",
  replay: "self",
  wait: null,
  evaluation: {
    decision: "require_approval",
    reason: "Policy 'Approve refunds' matched",
    matchedPolicyId: "p1",
    auditLogId: "a1",
    correlationId: "c1",
    approvalRequestId: "r1",
  },
};

describe("toGuardToolResult", () => {
  it("hands the model the tool's result when it executed", () => {
    const outcome = createGuardOutcome(context, {
      status: "executed",
      result: { ok: 1 },
      via: "guard",
      ranAlthough: null,
    });
    expect(toGuardToolResult(outcome)).toEqual({ executed: true, result: { ok: 1 } });
  });

  it("hands the model a small refusal object otherwise, without errors or payloads", () => {
    const outcome = createGuardOutcome(context, {
      status: "timed_out",
      timeoutMs: 60_000,
      error: new Error("x"),
    });
    expect(toGuardToolResult(outcome)).toEqual({
      executed: false,
      status: "timed_out",
      sideEffect: "not_started",
      retrySafe: true,
      reason: "No reviewer decision within 60 s",
      message: "Not executed: no approval after waiting 60 s. You may call the tool again later.",
      approvalRequestId: "r1",
      correlationId: "c1",
    });
  });

  it("leaves out ids Sentrail never sent", () => {
    const outcome = createGuardOutcome(
      { ...context, evaluation: null },
      { status: "unavailable", error: null },
    );
    expect(toGuardToolResult(outcome)).not.toHaveProperty("correlationId");
    expect(toGuardToolResult(outcome)).not.toHaveProperty("approvalRequestId");
  });
});
