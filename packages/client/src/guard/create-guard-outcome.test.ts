import { describe, expect, it } from "vitest";
import {
  SentrailAuthenticationError,
  SentrailServerError,
  SentrailUnavailableError,
} from "../sentrail-error";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import { createGuardOutcome, type GuardOutcomeContext, type GuardSettlement } from "./create-guard-outcome";
import type { GuardReplay } from "./guard-outcome";

const approval: EvaluateActionResult = {
  decision: "require_approval",
  reason: "Policy 'Approve refunds' matched",
  matchedPolicyId: "p1",
  auditLogId: "a1",
  correlationId: "c1",
  approvalRequestId: "r1",
};

function context(
  replay: GuardReplay = "self",
  evaluation: EvaluateActionResult | null = approval,
): GuardOutcomeContext {
  return { toolName: "refund", callKey: "k", mode: "enforce", replay, evaluation, wait: null };
}

const network = new SentrailUnavailableError("network", "Could not reach Sentrail");

// The retrySafe table of the README, row by row.
const table: Array<[string, GuardReplay, GuardSettlement<unknown>, string, boolean]> = [
  ["executed", "self", { status: "executed", result: 1, via: "guard", ranAlthough: null }, "executed", false],
  [
    "failed (execute threw)",
    "self",
    { status: "failed", via: "guard", ranAlthough: null, error: new Error("x") },
    "unknown",
    false,
  ],
  [
    "failed (replay)",
    "sentrail",
    { status: "failed", via: "sentrail_replay", ranAlthough: null, error: {} },
    "unknown",
    false,
  ],
  ["blocked", "self", { status: "blocked" }, "not_started", false],
  ["denied", "self", { status: "denied" }, "not_started", false],
  ["expired", "self", { status: "expired" }, "not_started", true],
  ["expired (sentrail replay)", "sentrail", { status: "expired" }, "not_started", true],
  ["timed_out", "self", { status: "timed_out", timeoutMs: 600_000 }, "not_started", true],
  ["timed_out (sentrail replay)", "sentrail", { status: "timed_out", timeoutMs: 600_000 }, "unknown", false],
  ["aborted before execute", "self", { status: "aborted", executeStarted: false }, "not_started", true],
  [
    "aborted while held by Sentrail",
    "sentrail",
    { status: "aborted", executeStarted: false },
    "unknown",
    false,
  ],
  ["aborted during execute", "self", { status: "aborted", executeStarted: true }, "unknown", false],
  ["kill_switch", "self", { status: "kill_switch", reason: "Kill switch is active" }, "not_started", false],
  ["unavailable (network)", "self", { status: "unavailable", error: network }, "not_started", true],
  [
    "unavailable (5xx)",
    "self",
    { status: "unavailable", error: new SentrailServerError("boom", { status: 500 }) },
    "not_started",
    true,
  ],
  [
    "unavailable (401)",
    "self",
    {
      status: "unavailable",
      error: new SentrailAuthenticationError("Invalid or expired API key", { status: 401 }),
    },
    "not_started",
    false,
  ],
  ["unavailable (sentrail replay)", "sentrail", { status: "unavailable", error: network }, "unknown", false],
];

describe("createGuardOutcome", () => {
  it.each(table)("%s: sideEffect and retrySafe", (_name, replay, settlement, sideEffect, retrySafe) => {
    const outcome = createGuardOutcome(context(replay), settlement);
    expect(outcome).toMatchObject({ status: settlement.status, sideEffect, retrySafe });
    expect(outcome.message).not.toBe("");
    if (outcome.status !== "executed") {
      expect(outcome.message).toMatch(retrySafe ? /safe|again|later/ : /Do not|not call it again/);
    }
  });

  it("copies Sentrail's ids, and the approval id only for approvals", () => {
    expect(createGuardOutcome(context(), { status: "denied" })).toMatchObject({
      decision: "require_approval",
      auditLogId: "a1",
      correlationId: "c1",
      approvalRequestId: "r1",
      matchedPolicyId: "p1",
    });
    const blocked = createGuardOutcome(
      context("self", { ...approval, decision: "block" } as EvaluateActionResult),
      {
        status: "blocked",
      },
    );
    expect(blocked).toMatchObject({ approvalRequestId: null, reason: "Policy 'Approve refunds' matched" });
  });

  it("never quotes a secret or the tool's own error text", () => {
    const key = "agk_0123456789abcdef0123456789abcdef01234567";
    const evaluation = {
      ...approval,
      decision: "block",
      reason: `Policy for ${key} matched`,
    } as EvaluateActionResult;
    const blocked = createGuardOutcome(context("self", evaluation), { status: "blocked" });
    const failed = createGuardOutcome(context(), {
      status: "failed",
      via: "guard",
      ranAlthough: null,
      error: new Error(`postgres://admin:hunter2@db ${key}`),
    });
    for (const outcome of [blocked, failed]) {
      expect(`${outcome.message} ${outcome.reason}`).not.toContain(key);
      expect(`${outcome.message} ${outcome.reason}`).not.toContain("hunter2");
    }
  });

  it("shortens a long reason in the model-facing message", () => {
    const evaluation = { ...approval, decision: "block", reason: "x".repeat(1000) } as EvaluateActionResult;
    const outcome = createGuardOutcome(context("self", evaluation), { status: "blocked" });
    expect(outcome.message.length).toBeLessThan(400);
    expect(outcome.reason).toHaveLength(1000);
  });
});
