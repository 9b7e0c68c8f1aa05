import { computeActionHash } from "./compute-action-hash.js";
import type { SentrailEngine } from "./create-sentrail-engine.js";
import type { JwtUser } from "./decode-user-jwt.js";
import type { ApprovalRequestRow, DeferredActionRow, Workspace, WorkspaceRole } from "./engine-types.js";
import { type ExecutionFailure, replayDeferredAction } from "./replay-deferred-action.js";
import { writeAuditRow } from "./write-audit-row.js";

/** A reviewer's decision (§4.5), already validated. */
export interface ApprovalDecisionInput {
  user: JwtUser;
  approvalRequestId: string;
  decision: "approved" | "denied";
  reason: string | null;
}

/** How a decision ended; the HTTP layer maps each kind to the contract's status code. */
export type ApprovalDecisionResult =
  | { kind: "not_found" }
  | { kind: "forbidden" }
  | { kind: "conflict" }
  | { kind: "execution_error"; message: string }
  | {
      kind: "decided";
      status: "executed" | "failed" | "denied" | "approved";
      executionResult: unknown;
      notificationQueued: boolean;
      notificationError: string | null;
    };

const REVIEWER_ROLES: ReadonlySet<WorkspaceRole> = new Set(["reviewer", "admin", "owner"]);

/**
 * approval-decision (§4.5, §7): find the request (404 when unknown or in a workspace the user does
 * not belong to), check the reviewer role (403), expire it if due, then move it out of `pending`
 * with a compare-and-set, so of two decisions racing on one request exactly one wins and the other
 * gets `conflict` (409).
 *
 * Approve: `approved`, reviewer fields, an `allow` audit row; with nothing to replay it stays
 * `approved` (§7.6). Otherwise the action hash is re-checked (`action_hash_mismatch`, §7.4), then the
 * kill switch and the tool's pause (§8.4), then the call is replayed: `executed`, `failed`, or
 * `execution_error` when nothing answered. Deny: `denied`, a `block` audit row, deferred action
 * `failed`. Both queue `approvalDecided`.
 *
 * @example
 * const result = await decideApproval(engine, { user, approvalRequestId, decision: "approved", reason: null });
 * if (result.kind === "decided") result.status; // "executed"
 */
export async function decideApproval(
  engine: SentrailEngine,
  input: ApprovalDecisionInput,
): Promise<ApprovalDecisionResult> {
  const approval = engine.approvals.get(input.approvalRequestId);
  const workspace = approval ? engine.workspaces.getWorkspace(approval.workspace_id) : undefined;
  if (!approval || !workspace) return { kind: "not_found" };
  const role = engine.workspaces.roleOf(workspace.id, input.user.userId);
  if (role === undefined) return { kind: "not_found" };
  if (!REVIEWER_ROLES.has(role)) return { kind: "forbidden" };

  engine.approvals.expireIfDue(approval);
  const target = input.decision === "approved" ? "approved" : "denied";
  if (!engine.approvals.transition(approval, "pending", target)) return { kind: "conflict" };

  const now = engine.clock.nowIso();
  approval.reviewed_by = input.user.userId;
  approval.reviewed_at = now;
  approval.review_reason = input.reason;
  const deferred = engine.approvals.deferredFor(approval.id);
  const auditBase = {
    workspace,
    correlationId: approval.correlation_id,
    agentName: approval.agent_name,
    tool: approval.tool,
    action: approval.action,
    riskLevel: approval.risk_level,
    matchedPolicyId: null,
    resourceType: null,
    resourceId: null,
    requestedBy: input.user.userId,
    payload: { reviewer: input.user.userId, reason: input.reason },
    source: "manual" as const,
  };

  if (target === "denied") {
    writeAuditRow(engine, { ...auditBase, decision: "block", reason: "Denied by reviewer" });
    if (deferred && deferred.status === "pending") deferred.status = "failed";
    return decided(engine, workspace, approval, "denied", null);
  }

  writeAuditRow(engine, { ...auditBase, decision: "allow", reason: "Approved by reviewer" });
  if (!deferred) return decided(engine, workspace, approval, "approved", null);

  const recomputed = await computeActionHash(deferred.target_url, deferred.method, deferred.body);
  if (approval.action_hash !== deferred.action_hash || recomputed !== deferred.action_hash) {
    writeAuditRow(engine, {
      ...auditBase,
      action: "action_hash_mismatch",
      decision: "error",
      riskLevel: "critical",
      payload: { approvalRequestId: approval.id, deferredActionId: deferred.id },
      reason: "Action hash mismatch",
    });
    const failure: ExecutionFailure = { error: "Action hash mismatch", status: null, body: null };
    fail(engine, approval, deferred, failure);
    return decided(engine, workspace, approval, "failed", failure);
  }

  // §8.4: both the global switch and the tool's pause are re-checked immediately before replay.
  const refusal = workspace.killSwitchEnabled
    ? "Kill switch is active"
    : engine.workspaces.getConnection(workspace.id, approval.tool)?.paused
      ? `Tool ${approval.tool} is paused`
      : null;
  if (refusal !== null) {
    writeAuditRow(engine, { ...auditBase, decision: "block", reason: refusal });
    // §4.5 stores exactly `{ "error": "Kill switch is active" }` here: nothing was sent upstream,
    // so there is no status or body to report (unlike the §7.5 shape of a failed replay).
    fail(engine, approval, deferred, { error: refusal });
    return decided(engine, workspace, approval, "failed", null);
  }

  const outcome = await replayDeferredAction(engine, deferred);
  if (outcome.kind === "network_error") {
    const message = `Deferred execution failed: ${outcome.detail}`;
    fail(engine, approval, deferred, { error: message, status: null, body: null });
    notifyDecided(engine, workspace, approval, "failed");
    return { kind: "execution_error", message };
  }
  if (outcome.kind === "failed") {
    fail(engine, approval, deferred, outcome.result);
    return decided(engine, workspace, approval, "failed", outcome.result);
  }
  approval.execution_result = outcome.result;
  engine.approvals.transition(approval, "approved", "executed");
  deferred.status = "executed";
  deferred.executed_at = engine.clock.nowIso();
  return decided(engine, workspace, approval, "executed", outcome.result);
}

function fail(
  engine: SentrailEngine,
  approval: ApprovalRequestRow,
  deferred: DeferredActionRow,
  failure: ExecutionFailure | { error: string },
): void {
  approval.execution_result = failure;
  engine.approvals.transition(approval, "approved", "failed");
  deferred.status = "failed";
  deferred.executed_at = engine.clock.nowIso();
}

function decided(
  engine: SentrailEngine,
  workspace: Workspace,
  approval: ApprovalRequestRow,
  status: "executed" | "failed" | "denied" | "approved",
  executionResult: unknown,
): ApprovalDecisionResult {
  const notificationQueued = notifyDecided(engine, workspace, approval, status);
  return { kind: "decided", status, executionResult, notificationQueued, notificationError: null };
}

function notifyDecided(
  engine: SentrailEngine,
  workspace: Workspace,
  approval: ApprovalRequestRow,
  status: string,
): boolean {
  const verb = approval.status === "denied" ? "denied" : "approved";
  return engine.notifications.notify(workspace, "approvalDecided", {
    summary: `${approval.tool} ${approval.action} was ${verb} by ${approval.reviewed_by ?? "a reviewer"} (${status})`,
    approvalRequestId: approval.id,
    correlationId: approval.correlation_id,
    tool: approval.tool,
    action: approval.action,
    decision: verb,
    status,
    reviewedBy: approval.reviewed_by,
    reason: approval.review_reason,
  });
}
