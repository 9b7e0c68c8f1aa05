import type { MockState } from "@sentrail/mock-server";
import { describe, expect, it } from "vitest";
import { verifyAuditTrail } from "./verify-audit-trail";

type AuditRow = MockState["auditLogs"][number];
type UpstreamRow = MockState["upstreamRequests"][number];

function auditRow(id: string, fields: Partial<AuditRow> = {}): AuditRow {
  return {
    id,
    tool: "github",
    action: "read",
    decision: "allow",
    payload_preview: null,
    ...fields,
  } as AuditRow;
}

const pull = {
  tool: "github",
  method: "POST",
  url: "https://api.github.com/repos/acme/demo/pulls",
} as UpstreamRow;

function state(fields: Partial<MockState>): MockState {
  return {
    auditLogs: [
      auditRow("a1"),
      auditRow("a2", { action: "pull_request.create", decision: "require_approval" }),
      auditRow("r1", { payload_preview: { reviewer: "u1" } as AuditRow["payload_preview"] }),
      auditRow("k1", { tool: "system", action: "kill_switch.enable" }),
    ],
    upstreamRequests: [pull],
    approvalRequests: [{ status: "executed" }, { status: "denied" }] as MockState["approvalRequests"],
    ...fields,
  } as MockState;
}

const expectations = {
  evaluationAuditLogIds: ["a1", "a2"],
  pullRequestExecutions: 1,
  issueExecutions: 0,
} as const;

describe("verifyAuditTrail", () => {
  it("verifies one replay, no other upstream call and one audit row per evaluation", () => {
    const report = verifyAuditTrail(state({}), expectations);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report).toMatchObject({ id: "audit-trail", actual: "verified", ok: true });
  });

  it("fails when the pull request reached GitHub twice", () => {
    const report = verifyAuditTrail(state({ upstreamRequests: [pull, pull] }), expectations);
    expect(report.ok).toBe(false);
    expect(report.actual).toBe("records disagree");
  });

  it("fails when a call that should not have run reached an upstream", () => {
    const stray = {
      tool: "mcp",
      method: "POST",
      url: "http://mcp",
      body: { method: "tools/call" },
    } as UpstreamRow;
    expect(verifyAuditTrail(state({ upstreamRequests: [pull, stray] }), expectations).ok).toBe(false);
  });

  it("fails when an evaluation has no audit row, or an extra evaluation row exists", () => {
    expect(
      verifyAuditTrail(state({}), { ...expectations, evaluationAuditLogIds: ["a1", "missing"] }).ok,
    ).toBe(false);
    expect(verifyAuditTrail(state({}), { ...expectations, evaluationAuditLogIds: ["a1"] }).ok).toBe(false);
  });

  it("fails while an approval request is still pending", () => {
    const pending = state({
      approvalRequests: [{ status: "executed" }, { status: "pending" }] as MockState["approvalRequests"],
    });
    expect(verifyAuditTrail(pending, expectations).ok).toBe(false);
  });
});
