import { type EvaluateActionResult, type GuardOutcome, SentrailGuardError } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { isSentrailToolNotExecuted, toAiSdkToolAnswer } from "./to-ai-sdk-tool-answer";

const ids = { auditLogId: "audit-1", correlationId: "corr-1", matchedPolicyId: "policy-1" };

function evaluation(decision: EvaluateActionResult["decision"]): EvaluateActionResult {
  const reason = `Policy '${decision}' matched`;
  return decision === "require_approval"
    ? { ...ids, decision, reason, approvalRequestId: "approval-1" }
    : { ...ids, decision, reason };
}

function outcome(status: GuardOutcome["status"], fields: Partial<GuardOutcome> = {}): GuardOutcome {
  return {
    toolName: "refund_order",
    callKey: "c1:abc",
    mode: "enforce",
    decision: "require_approval",
    sideEffect: status === "executed" ? "executed" : status === "failed" ? "unknown" : "not_started",
    retrySafe: status === "expired" || status === "unavailable",
    message: `Not executed: ${status}.`,
    reason: `because ${status}`,
    auditLogId: "audit-1",
    correlationId: "corr-1",
    approvalRequestId: "approval-1",
    matchedPolicyId: null,
    wait: null,
    error: null,
    status,
    ...(status === "executed" ? { result: { refunded: true }, via: "guard", ranAlthough: null } : {}),
    ...(status === "failed" ? { via: "guard", ranAlthough: null } : {}),
    ...fields,
  } as GuardOutcome;
}

describe("toAiSdkToolAnswer: approval stage", () => {
  it.each([
    ["allow", false, undefined],
    ["block", false, undefined],
    [
      "require_approval",
      true,
      { type: "user-approval", reason: "Policy 'require_approval' matched (Sentrail approval approval-1)" },
    ],
  ] as const)("maps %s to needsApproval %s and status %j", (decision, needsApproval, status) => {
    expect(toAiSdkToolAnswer({ stage: "approval", evaluation: evaluation(decision) })).toEqual({
      stage: "approval",
      needsApproval,
      status,
    });
  });

  it("asks nobody when there is no decision (execute then answers from the guard)", () => {
    expect(toAiSdkToolAnswer({ stage: "approval", evaluation: null })).toEqual({
      stage: "approval",
      needsApproval: false,
      status: undefined,
    });
  });
});

describe("toAiSdkToolAnswer: execute stage", () => {
  const notExecuted = ["blocked", "denied", "expired", "timed_out", "kill_switch", "unavailable"] as const;

  it("returns the tool's own result for an executed call, in both modes", () => {
    for (const mode of ["result", "throw"] as const) {
      expect(
        toAiSdkToolAnswer({ stage: "execute", outcome: outcome("executed"), notExecuted: mode }),
      ).toEqual({
        stage: "execute",
        kind: "return",
        value: { refunded: true },
      });
    }
  });

  it.each(notExecuted)("returns the model-facing result for %s (notExecuted: 'result')", (status) => {
    const answer = toAiSdkToolAnswer({ stage: "execute", outcome: outcome(status), notExecuted: "result" });
    expect(answer).toEqual({
      stage: "execute",
      kind: "return",
      value: {
        executed: false,
        status,
        sideEffect: "not_started",
        retrySafe: status === "expired" || status === "unavailable",
        reason: `because ${status}`,
        message: `Not executed: ${status}.`,
        approvalRequestId: "approval-1",
        correlationId: "corr-1",
      },
    });
    expect(
      answer.stage === "execute" && answer.kind === "return" && isSentrailToolNotExecuted(answer.value),
    ).toBe(true);
  });

  it.each(notExecuted)(
    "throws a SentrailGuardError carrying the outcome for %s (notExecuted: 'throw')",
    (status) => {
      const answer = toAiSdkToolAnswer({ stage: "execute", outcome: outcome(status), notExecuted: "throw" });
      expect(answer).toMatchObject({ stage: "execute", kind: "throw" });
      const error = (answer as { error: unknown }).error;
      expect(SentrailGuardError.isInstance(error)).toBe(true);
      expect((error as SentrailGuardError).outcome.status).toBe(status);
    },
  );

  it("rethrows the caller's abort reason for an aborted call, in both modes", () => {
    const reason = new DOMException("stop", "AbortError");
    for (const mode of ["result", "throw"] as const) {
      expect(
        toAiSdkToolAnswer({
          stage: "execute",
          outcome: outcome("aborted", { error: reason }),
          notExecuted: mode,
        }),
      ).toEqual({ stage: "execute", kind: "throw", error: reason });
    }
  });

  it("rethrows the tool's own error when the tool itself failed, in both modes", () => {
    const error = new Error("card declined");
    for (const mode of ["result", "throw"] as const) {
      expect(
        toAiSdkToolAnswer({ stage: "execute", outcome: outcome("failed", { error }), notExecuted: mode }),
      ).toEqual({ stage: "execute", kind: "throw", error });
    }
  });

  it("answers a failed Sentrail replay like any other call that did not run, without its error", () => {
    const failed = outcome("failed", {
      via: "sentrail_replay",
      error: { error: "secret agk_0123456789abcdef0123456789abcdef01234567" },
    } as Partial<GuardOutcome>);
    const answer = toAiSdkToolAnswer({ stage: "execute", outcome: failed, notExecuted: "result" });
    expect(answer).toMatchObject({
      kind: "return",
      value: { executed: false, status: "failed", sideEffect: "unknown" },
    });
    expect(JSON.stringify(answer)).not.toContain("agk_");
    expect(toAiSdkToolAnswer({ stage: "execute", outcome: failed, notExecuted: "throw" })).toMatchObject({
      kind: "throw",
      error: { name: "SentrailGuardError" },
    });
  });
});

describe("isSentrailToolNotExecuted", () => {
  it("recognises the result after a JSON round trip and rejects ordinary outputs", () => {
    const answer = toAiSdkToolAnswer({
      stage: "execute",
      outcome: outcome("blocked"),
      notExecuted: "result",
    });
    const value = (answer as { value: unknown }).value;
    expect(isSentrailToolNotExecuted(JSON.parse(JSON.stringify(value)))).toBe(true);
    expect(isSentrailToolNotExecuted({ executed: false })).toBe(false);
    expect(isSentrailToolNotExecuted({ refunded: true })).toBe(false);
    expect(isSentrailToolNotExecuted(null)).toBe(false);
    expect(isSentrailToolNotExecuted("blocked")).toBe(false);
  });
});
