import type { ApprovalDecisionResult, ReviewerDecision, SentrailAdminClient } from "@sentrail/client/admin";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApprovalRequestRow, AuditLogRow, DeferredActionRow } from "../engine/engine-types.js";
import type { MockState } from "../engine/snapshot-state.js";
import { describeRequestError } from "./describe-request-error.js";
import { describeUser } from "./describe-user.js";
import { formatCountdown } from "./format-countdown.js";
import { formatTimestamp } from "./format-timestamp.js";
import { IntegrityCheck } from "./integrity-check.js";

/** Props of {@link ApprovalCard}. */
export interface ApprovalCardProps {
  approval: ApprovalRequestRow;
  deferred: DeferredActionRow | undefined;
  /** Audit rows with the approval's correlation id, oldest first (held call, decision, replay refusals). */
  trail: AuditLogRow[];
  state: MockState;
  /** The mock's current time (ms), ticking, for the countdown. */
  nowMs: number;
  /** The signed-in user's role allows approve/deny (reviewer, admin, owner). */
  canDecide: boolean;
  role: string;
  admin: SentrailAdminClient;
  /** Re-reads the state; resolves with it (null when the read failed). */
  refresh(): Promise<MockState | null>;
  /** Shows the audit log filtered to one correlation id. */
  onShowLifecycle(correlationId: string): void;
  /**
   * What the last decision attempt from this page answered. Kept by the list, not the card: a decided
   * card moves from "Pending" to "Decided" (a new card) and must still say what happened.
   */
  feedback: ApprovalFeedback | undefined;
  onFeedback(feedback: ApprovalFeedback): void;
}

/** The answer to a decision sent from this page, shown on the approval's card. */
export type ApprovalFeedback =
  | { kind: "decided"; decision: ReviewerDecision; result: ApprovalDecisionResult }
  | { kind: "error"; message: string };

const PREVIEW_LENGTH = 140;

/**
 * One approval request as a reviewer needs it (contract §7.9): tool and action, risk, agent name and
 * id, payload preview and the full payload, created/expires with a live countdown, the integrity of the
 * stored call, and — while pending and for a reviewer, admin or owner — approve and deny with an
 * optional reason, sent through `@sentrail/client/admin` (`approval-decision`). After a decision it
 * shows the outcome and the replay result; the audit trail of its correlation id is one click away.
 *
 * How it fails: every refusal is shown plainly in an alert — 409 as "already decided by <user>" (read
 * from the state after the refusal), 403 as the role being too low, anything else with the server's
 * message.
 *
 * @example
 * <ApprovalCard approval={row} deferred={deferred} trail={rows} state={state} nowMs={now} canDecide role="reviewer"
 *   admin={admin} refresh={refresh} onShowLifecycle={showAudit} />
 */
export function ApprovalCard(props: ApprovalCardProps) {
  const { approval, deferred, trail, state, nowMs, canDecide, role, admin } = props;
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<ReviewerDecision | null>(null);
  const { feedback, onFeedback: setFeedback } = props;
  const feedbackRef = useRef<HTMLDivElement>(null);
  // Move focus to what the decision answered (also when the card was re-created in "Decided").
  useEffect(() => {
    if (feedback) feedbackRef.current?.focus();
  }, [feedback]);
  const id = approval.id;
  const titleId = `approval-${id}-title`;
  const countdown = formatCountdown(approval.expires_at, nowMs);
  const pending = approval.status === "pending";
  const expiredByClock = pending && countdown === "expired";

  async function decide(decision: ReviewerDecision) {
    setBusy(decision);
    try {
      const result = await admin.decideApproval({
        approvalRequestId: id,
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setFeedback({ kind: "decided", decision, result });
      await props.refresh();
    } catch (error) {
      const { status, message } = describeRequestError(error);
      if (status === 409) {
        const fresh = await props.refresh();
        const now = fresh?.approvalRequests.find((row) => row.id === id);
        setFeedback({ kind: "error", message: describeConflict(fresh ?? state, now) });
      } else if (status === 403) {
        setFeedback({ kind: "error", message: `Not allowed: ${message} (your role is ${role}).` });
      } else {
        setFeedback({ kind: "error", message: `The decision was not recorded: ${message}` });
      }
    } finally {
      setBusy(null);
    }
  }

  const preview = previewOf(approval.payload);
  return (
    <article class={`approval is-${approval.status}`} aria-labelledby={titleId}>
      <header class="approval-header">
        <h3 id={titleId}>
          <span class="tool">{approval.tool}</span> · <span class="action">{approval.action}</span>
        </h3>
        <span class={`badge risk risk-${approval.risk_level}`}>{approval.risk_level} risk</span>
        <span class={`badge status status-${approval.status}`}>{approval.status}</span>
      </header>
      <dl class="facts">
        <div>
          <dt>Agent</dt>
          <dd>
            {approval.agent_name ?? "—"}{" "}
            <span class="muted">
              (agent id: <code>{approval.agent_id ?? "not registered"}</code>)
            </span>
          </dd>
        </div>
        <div>
          <dt>Requested by</dt>
          <dd>{approval.requested_by ?? "—"}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTimestamp(approval.created_at)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>
            {formatTimestamp(approval.expires_at)}
            {pending ? (
              <span class={`countdown${expiredByClock ? " expired" : ""}`}>
                {" "}
                ({expiredByClock ? "expired" : `in ${countdown}`})
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Payload preview</dt>
          <dd>
            <code class="wrap">{preview}</code>
          </dd>
        </div>
        <div>
          <dt>Correlation id</dt>
          <dd>
            <code class="wrap">{approval.correlation_id}</code>{" "}
            <button type="button" class="link" onClick={() => props.onShowLifecycle(approval.correlation_id)}>
              Show in audit log
            </button>
          </dd>
        </div>
      </dl>
      <details>
        <summary>Full payload</summary>
        <pre class="json">{JSON.stringify(approval.payload ?? null, null, 2)}</pre>
      </details>
      <IntegrityCheck approval={approval} deferred={deferred} />
      {pending && canDecide ? (
        <form
          class="decision"
          aria-label={`Decide ${approval.tool} ${approval.action}`}
          onSubmit={(event) => event.preventDefault()}
        >
          <label for={`reason-${id}`}>Reason (optional)</label>
          <textarea
            id={`reason-${id}`}
            rows={2}
            value={reason}
            onInput={(event) => setReason((event.target as HTMLTextAreaElement).value)}
          />
          <div class="buttons">
            <button
              type="button"
              class="approve"
              disabled={busy !== null || expiredByClock}
              onClick={() => decide("approved")}
            >
              {busy === "approved" ? "Approving…" : "Approve"}
            </button>
            <button
              type="button"
              class="deny"
              disabled={busy !== null || expiredByClock}
              onClick={() => decide("denied")}
            >
              {busy === "denied" ? "Denying…" : "Deny"}
            </button>
          </div>
        </form>
      ) : null}
      {pending && !canDecide ? (
        <p class="note">
          Your role ({role}) can see approvals but not decide them: reviewers, admins and owners approve or
          deny.
        </p>
      ) : null}
      <div ref={feedbackRef} tabIndex={-1} class="feedback">
        {feedback?.kind === "decided" ? (
          <div role="status">
            <p>
              <strong>{describeResult(feedback.decision, feedback.result)}</strong>
            </p>
          </div>
        ) : null}
        {feedback?.kind === "error" ? (
          <p role="alert" class="error">
            {feedback.message}
          </p>
        ) : null}
      </div>
      {!pending ? <Outcome approval={approval} state={state} /> : null}
      <details>
        <summary>Audit trail ({trail.length === 1 ? "1 row" : `${trail.length} rows`})</summary>
        <ol class="trail">
          {trail.map((row) => (
            <li key={row.id}>
              {formatTimestamp(row.created_at)} · <strong>{row.decision}</strong> · {row.action} ·{" "}
              {row.reason ?? ""}{" "}
              <span class="muted">
                ({row.requested_by ? describeUser(state, row.requested_by) : row.source})
              </span>
            </li>
          ))}
        </ol>
      </details>
    </article>
  );
}

function Outcome({ approval, state }: { approval: ApprovalRequestRow; state: MockState }) {
  const reviewed = approval.reviewed_by !== null;
  return (
    <section class="outcome" aria-label="Outcome">
      {reviewed ? (
        <p>
          Decided by <strong>{describeUser(state, approval.reviewed_by)}</strong> at{" "}
          {formatTimestamp(approval.reviewed_at)}
          {approval.review_reason ? (
            <>
              {" "}
              — reason: <q>{approval.review_reason}</q>
            </>
          ) : null}
        </p>
      ) : approval.status === "expired" ? (
        <p>Expired at {formatTimestamp(approval.expires_at)} without a decision.</p>
      ) : null}
      {approval.status === "executed" || approval.status === "failed" ? (
        <>
          <p>
            Replay result: <strong>{approval.status}</strong>
          </p>
          <pre class="json">{JSON.stringify(approval.execution_result ?? null, null, 2)}</pre>
        </>
      ) : null}
      {approval.status === "approved" ? (
        <p>Approved with nothing to replay: the agent performs the call itself.</p>
      ) : null}
    </section>
  );
}

function describeResult(decision: ReviewerDecision, result: ApprovalDecisionResult): string {
  if (decision === "denied") return "Denied. The agent's call will not run.";
  switch (result.status) {
    case "executed":
      return "Approved. Replay: executed (the stored call ran once).";
    case "failed":
      return "Approved, but the replay failed (see the replay result below).";
    case "approved":
      return "Approved. Nothing to replay: the agent performs the call itself.";
    default:
      return `Recorded: ${result.status}.`;
  }
}

function describeConflict(state: MockState, approval: ApprovalRequestRow | undefined): string {
  if (!approval) return "Already decided: this approval request no longer exists.";
  if (approval.status === "expired") {
    return `Already decided: this request expired at ${formatTimestamp(approval.expires_at)}.`;
  }
  const who = approval.reviewed_by ? describeUser(state, approval.reviewed_by) : "another reviewer";
  return `Already decided by ${who} (${approval.status}). Your decision was not recorded.`;
}

function previewOf(payload: unknown): string {
  const text = JSON.stringify(payload ?? null) ?? "null";
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}
