import type { SentrailEngine } from "./create-sentrail-engine.js";
import type { ApprovalStatus } from "./engine-types.js";
import { type KillSwitchView, killSwitchView } from "./kill-switch-view.js";

/** The body of `GET /gateway-proxy/status/{correlationId}` (§4.3). */
export interface ApprovalStatusView {
  ok: true;
  status: ApprovalStatus;
  decision: "require_approval";
  result: unknown;
  killSwitch: KillSwitchView;
  approvalRequestId: string;
  correlationId: string;
}

/**
 * The poll answer for a correlation id in the caller's workspace (§4.3), after applying expiry
 * lazily (§7.7). `result` is the execution result once `executed` or `failed`, else null. Undefined
 * when there is no approval request with that correlation id in that workspace (→ 404).
 *
 * @example
 * readApprovalStatus(engine, key.workspace_id, correlationId)?.status; // "pending"
 */
export function readApprovalStatus(
  engine: SentrailEngine,
  workspaceId: string,
  correlationId: string,
): ApprovalStatusView | undefined {
  const approval = engine.approvals.byCorrelationId(correlationId);
  const workspace = engine.workspaces.getWorkspace(workspaceId);
  if (!approval || !workspace || approval.workspace_id !== workspaceId) return undefined;
  engine.approvals.expireIfDue(approval);
  const hasResult = approval.status === "executed" || approval.status === "failed";
  return {
    ok: true,
    status: approval.status,
    decision: "require_approval",
    result: hasResult ? (approval.execution_result ?? null) : null,
    killSwitch: killSwitchView(engine, workspace),
    approvalRequestId: approval.id,
    correlationId: approval.correlation_id,
  };
}
