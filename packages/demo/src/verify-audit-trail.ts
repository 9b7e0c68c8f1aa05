import type { MockState } from "@sentrail/mock-server";
import { type DemoStepReport, startStepReport } from "./start-step-report";

/** What the story's steps did, for the final cross-check against Sentrail's own records. */
export interface AuditExpectations {
  /** Audit log id of every evaluation the story made (each must appear exactly once). */
  evaluationAuditLogIds: readonly string[];
  /** How many times the pull request must have reached GitHub: 1, or 0 if a person (`--interactive`) denied it. */
  pullRequestExecutions: 0 | 1;
  /** How many times the MCP issue must have reached the MCP server: 0, or 1 if a person approved it. */
  issueExecutions: 0 | 1;
}

/**
 * Step 6: checks the story against the mock's records (`/__mock/state`), not against what the agents
 * were told: the approved pull request reached GitHub exactly once; nothing blocked, denied or stopped
 * by the kill switch reached any upstream (with `--interactive`, what the person decided); every evaluation wrote exactly one audit row (reviewer
 * decisions and the kill switch write their own rows, which are not evaluations).
 *
 * @example
 * ```ts
 * const report = verifyAuditTrail(server.mock.control.state(), { evaluationAuditLogIds, pullRequestExecutions: 1, issueExecutions: 0 });
 * ```
 */
export function verifyAuditTrail(state: MockState, expectations: AuditExpectations): DemoStepReport {
  const step = startStepReport("audit-trail");
  const pulls = state.upstreamRequests.filter(
    (row) => row.tool === "github" && row.method === "POST" && row.url.endsWith("/repos/acme/demo/pulls"),
  );
  step.check(
    pulls.length === expectations.pullRequestExecutions,
    `the pull request reached GitHub ${expectations.pullRequestExecutions === 1 ? "exactly once" : "never"} (${pulls.length})`,
  );
  const issues = state.upstreamRequests.filter(
    (row) => row.tool === "mcp" && JSON.stringify(row.body ?? null).includes('"create_issue"'),
  );
  step.check(
    issues.length === expectations.issueExecutions,
    `the denied MCP call reached the MCP server ${expectations.issueExecutions === 1 ? "once (a person approved it)" : "never"} (${issues.length})`,
  );
  const others = state.upstreamRequests.length - pulls.length - issues.length;
  step.check(others === 0, `no other call reached an upstream (${others})`);
  const evaluations = state.auditLogs.filter(isEvaluationRow);
  for (const id of expectations.evaluationAuditLogIds) {
    const rows = state.auditLogs.filter((row) => row.id === id);
    if (rows.length !== 1) step.check(false, `audit row ${id} appears once (${rows.length})`);
  }
  step.check(
    evaluations.length === expectations.evaluationAuditLogIds.length,
    `one audit row per evaluation (${evaluations.length} rows, ${expectations.evaluationAuditLogIds.length} evaluations)`,
  );
  step.check(
    new Set(expectations.evaluationAuditLogIds).size === expectations.evaluationAuditLogIds.length &&
      expectations.evaluationAuditLogIds.every((id) => evaluations.some((row) => row.id === id)),
    "every evaluation of the story is among them",
  );
  step.check(
    state.approvalRequests.length === 2 && state.approvalRequests.every((row) => row.status !== "pending"),
    "two approval requests, both decided",
  );
  step.detail("auditRows", state.auditLogs.length);
  step.detail("evaluationRows", evaluations.length);
  step.detail("upstreamRequests", state.upstreamRequests.length);
  return step.finish(step.passed() ? "verified" : "records disagree");
}

/** Reviewer decisions (`payload_preview.reviewer`) and operator actions (tool `system`) are not evaluations. */
function isEvaluationRow(row: MockState["auditLogs"][number]): boolean {
  const preview = row.payload_preview as { reviewer?: unknown } | null;
  return row.tool !== "system" && (preview === null || preview.reviewer === undefined);
}
