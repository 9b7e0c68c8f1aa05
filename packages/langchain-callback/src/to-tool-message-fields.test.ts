import type { GuardOutcome, GuardOutcomeStatus } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { toToolMessageFields } from "./to-tool-message-fields";

type NotExecuted = Exclude<GuardOutcomeStatus, "executed">;

/** One outcome per status, as the guard builds them (the fields the mapping reads). */
function outcomeOf(status: GuardOutcomeStatus, sideEffect: GuardOutcome["sideEffect"], retrySafe: boolean) {
  return {
    status,
    sideEffect,
    retrySafe,
    toolName: "delete_repo",
    callKey: "call_1:abc",
    mode: "enforce",
    decision: status === "unavailable" ? null : status === "blocked" ? "block" : "require_approval",
    reason: `reason for ${status}`,
    message: `Not executed: ${status}.`,
    auditLogId: "audit-1",
    correlationId: status === "unavailable" ? null : "corr-1",
    approvalRequestId: status === "blocked" || status === "unavailable" ? null : "appr-1",
    matchedPolicyId: null,
    wait: null,
    error: status === "failed" ? new Error("agk_0123456789abcdef0123456789abcdef01234567 leaked") : null,
    ...(status === "executed" || status === "failed" ? { via: "guard", ranAlthough: null } : {}),
    ...(status === "executed" ? { result: "done" } : {}),
  } as GuardOutcome;
}

const refusals: Array<[NotExecuted, GuardOutcome["sideEffect"], boolean]> = [
  ["failed", "unknown", false],
  ["blocked", "not_started", false],
  ["denied", "not_started", false],
  ["expired", "not_started", true],
  ["timed_out", "not_started", true],
  ["aborted", "not_started", true],
  ["kill_switch", "not_started", false],
  ["unavailable", "not_started", true],
];

describe("toToolMessageFields", () => {
  it("hands back the tool's own result, with the Sentrail ids, when the call executed", () => {
    const outcome = outcomeOf("executed", "executed", false);
    expect(toToolMessageFields(outcome)).toEqual({
      executed: true,
      result: "done",
      metadata: {
        status: "executed",
        decision: "require_approval",
        auditLogId: "audit-1",
        correlationId: "corr-1",
        approvalRequestId: "appr-1",
      },
    });
  });

  it.each(refusals)(
    "turns %s into an error ToolMessage the model can read",
    (status, sideEffect, retrySafe) => {
      const fields = toToolMessageFields(outcomeOf(status, sideEffect, retrySafe));
      if (fields.executed) throw new Error(`${status} must not map to executed`);
      expect(fields.status).toBe("error");
      const content = JSON.parse(fields.content) as Record<string, unknown>;
      expect(content).toMatchObject({
        executed: false,
        status,
        sideEffect,
        retrySafe,
        reason: `reason for ${status}`,
        message: `Not executed: ${status}.`,
      });
      expect(content).toEqual(fields.artifact);
      expect(fields.metadata.status).toBe(status);
      expect(fields.content).not.toContain("agk_");
      expect(fields.content).not.toContain("leaked");
    },
  );

  it("covers every status the guard can produce", () => {
    const covered = new Set<GuardOutcomeStatus>(["executed", ...refusals.map(([status]) => status)]);
    const all: Record<GuardOutcomeStatus, true> = {
      executed: true,
      failed: true,
      blocked: true,
      denied: true,
      expired: true,
      timed_out: true,
      aborted: true,
      kill_switch: true,
      unavailable: true,
    };
    expect([...covered].sort()).toEqual(Object.keys(all).sort());
  });

  it("includes approval and correlation ids only when Sentrail sent them", () => {
    const blocked = toToolMessageFields(outcomeOf("blocked", "not_started", false));
    const denied = toToolMessageFields(outcomeOf("denied", "not_started", false));
    expect(blocked.executed || blocked.artifact).not.toHaveProperty("approvalRequestId");
    expect(denied.executed || denied.artifact).toMatchObject({
      approvalRequestId: "appr-1",
      correlationId: "corr-1",
    });
  });
});
