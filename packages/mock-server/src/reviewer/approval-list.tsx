import type { SentrailAdminClient } from "@sentrail/client/admin";
import { useState } from "preact/hooks";
import type { ApprovalRequestRow } from "../engine/engine-types.js";
import type { MockState } from "../engine/snapshot-state.js";
import { ApprovalCard, type ApprovalFeedback } from "./approval-card.js";

/** Props of {@link ApprovalList}. */
export interface ApprovalListProps {
  state: MockState;
  workspaceId: string;
  nowMs: number;
  canDecide: boolean;
  role: string;
  admin: SentrailAdminClient;
  refresh(): Promise<MockState | null>;
  onShowLifecycle(correlationId: string): void;
}

/**
 * The Approvals view: the workspace's approval requests, pending first (newest first), then decided
 * ones (most recently updated first), each as an {@link ApprovalCard}. The count of pending requests is
 * announced politely as new ones arrive with the live state.
 *
 * @example
 * <ApprovalList state={state} workspaceId={id} nowMs={now} canDecide role="reviewer" admin={admin}
 *   refresh={refresh} onShowLifecycle={showAudit} />
 */
export function ApprovalList(props: ApprovalListProps) {
  const { state, workspaceId } = props;
  const [feedbacks, setFeedbacks] = useState<Record<string, ApprovalFeedback>>({});
  const rows = state.approvalRequests.filter((row) => row.workspace_id === workspaceId);
  const pending = rows.filter((row) => row.status === "pending").sort(newest("created_at"));
  const decided = rows.filter((row) => row.status !== "pending").sort(newest("updated_at"));

  const card = (approval: ApprovalRequestRow) => (
    <li key={approval.id}>
      <ApprovalCard
        approval={approval}
        deferred={state.deferredActions.find((row) => row.approval_request_id === approval.id)}
        trail={state.auditLogs.filter((row) => row.correlation_id === approval.correlation_id)}
        state={state}
        nowMs={props.nowMs}
        canDecide={props.canDecide}
        role={props.role}
        admin={props.admin}
        refresh={props.refresh}
        onShowLifecycle={props.onShowLifecycle}
        feedback={feedbacks[approval.id]}
        onFeedback={(feedback) => setFeedbacks((current) => ({ ...current, [approval.id]: feedback }))}
      />
    </li>
  );

  return (
    <section aria-labelledby="approvals-title">
      <h2 id="approvals-title">Approvals</h2>
      <p class="muted" aria-live="polite">
        {pending.length === 1 ? "1 pending approval" : `${pending.length} pending approvals`}
      </p>
      <h3 class="group-title">Pending</h3>
      {pending.length === 0 ? (
        <p class="empty">No call is waiting for a decision. Held calls appear here as they arrive.</p>
      ) : (
        <ul class="cards" aria-label="Pending approvals">
          {pending.map(card)}
        </ul>
      )}
      <h3 class="group-title">Decided</h3>
      {decided.length === 0 ? (
        <p class="empty">Nothing decided yet.</p>
      ) : (
        <ul class="cards" aria-label="Decided approvals">
          {decided.map(card)}
        </ul>
      )}
    </section>
  );
}

function newest(field: "created_at" | "updated_at") {
  return (left: ApprovalRequestRow, right: ApprovalRequestRow) => right[field].localeCompare(left[field]);
}
