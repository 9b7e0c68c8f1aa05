import type { AuditLogRow } from "../engine/engine-types.js";
import type { MockState } from "../engine/snapshot-state.js";
import { describeUser } from "./describe-user.js";
import { formatTimestamp } from "./format-timestamp.js";

/** The audit log's filters; an empty string means "any". */
export interface AuditFilters {
  decision: string;
  tool: string;
  agent: string;
  correlationId: string;
}

/** Props of {@link AuditLogView}. */
export interface AuditLogViewProps {
  state: MockState;
  workspaceId: string;
  filters: AuditFilters;
  onFiltersChange(filters: AuditFilters): void;
}

const DECISIONS = ["allow", "block", "require_approval", "error"];
const REVIEW_REASONS = new Set(["Approved by reviewer", "Denied by reviewer"]);

/**
 * The Audit log view (contract §9): the workspace's rows newest first, filterable by decision, tool
 * and agent. A row's correlation id links the lifecycle of one call: the held call
 * (`require_approval`), the reviewer's decision (`allow`/`block`, source `manual`), any refusal at
 * replay time, and — from the approval — the replay's result, summarised above the rows.
 *
 * @example
 * <AuditLogView state={state} workspaceId={id} filters={filters} onFiltersChange={setFilters} />
 */
export function AuditLogView({ state, workspaceId, filters, onFiltersChange }: AuditLogViewProps) {
  const all = state.auditLogs.filter((row) => row.workspace_id === workspaceId);
  const tools = [...new Set(all.map((row) => row.tool))].sort();
  const agents = [
    ...new Set(all.map((row) => row.agent_name).filter((name): name is string => !!name)),
  ].sort();
  const rows = all
    .filter(
      (row) =>
        (!filters.decision || row.decision === filters.decision) &&
        (!filters.tool || row.tool === filters.tool) &&
        (!filters.agent || row.agent_name === filters.agent) &&
        (!filters.correlationId || row.correlation_id === filters.correlationId),
    )
    .reverse();
  const set = (change: Partial<AuditFilters>) => onFiltersChange({ ...filters, ...change });
  const approval = filters.correlationId
    ? state.approvalRequests.find((row) => row.correlation_id === filters.correlationId)
    : undefined;

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <form class="filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label for="filter-decision">Decision</label>
          <select
            id="filter-decision"
            value={filters.decision}
            onChange={(event) => set({ decision: (event.target as HTMLSelectElement).value })}
          >
            <option value="">Any</option>
            {DECISIONS.map((decision) => (
              <option key={decision} value={decision}>
                {decision}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-tool">Tool</label>
          <select
            id="filter-tool"
            value={filters.tool}
            onChange={(event) => set({ tool: (event.target as HTMLSelectElement).value })}
          >
            <option value="">Any</option>
            {tools.map((tool) => (
              <option key={tool} value={tool}>
                {tool}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-agent">Agent</label>
          <select
            id="filter-agent"
            value={filters.agent}
            onChange={(event) => set({ agent: (event.target as HTMLSelectElement).value })}
          >
            <option value="">Any</option>
            {agents.map((agent) => (
              <option key={agent} value={agent}>
                {agent}
              </option>
            ))}
          </select>
        </div>
      </form>
      {filters.correlationId ? (
        <section class="lifecycle" aria-label="Lifecycle of one call">
          <p>
            Showing one call's lifecycle, correlation id <code class="wrap">{filters.correlationId}</code>.{" "}
            <button type="button" class="link" onClick={() => set({ correlationId: "" })}>
              Show every row
            </button>
          </p>
          {approval ? (
            <p>
              Approval: <strong>{approval.status}</strong>
              {approval.reviewed_by ? ` by ${describeUser(state, approval.reviewed_by)}` : ""}
              {approval.status === "executed" || approval.status === "failed"
                ? ` · replay ${approval.status}: ${JSON.stringify(approval.execution_result ?? null).slice(0, 200)}`
                : ""}
            </p>
          ) : null}
        </section>
      ) : null}
      <p class="muted" aria-live="polite">
        {rows.length === 1 ? "1 row" : `${rows.length} rows`}, newest first
      </p>
      <table class="audit">
        <caption class="visually-hidden">Audit log rows, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Decision</th>
            <th scope="col">Tool · action</th>
            <th scope="col">Agent</th>
            <th scope="col">Risk</th>
            <th scope="col">Reason</th>
            <th scope="col">Correlation</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td data-label="Time">{formatTimestamp(row.created_at)}</td>
              <td data-label="Decision">
                <span class={`badge decision decision-${row.decision}`}>{row.decision}</span>
                <span class="muted"> {stepOf(row)}</span>
              </td>
              <td data-label="Tool · action">
                {row.tool} · {row.action}
              </td>
              <td data-label="Agent">
                {row.agent_name ?? (row.requested_by ? describeUser(state, row.requested_by) : "—")}
              </td>
              <td data-label="Risk">{row.risk_level}</td>
              <td data-label="Reason">{describeReason(state, row)}</td>
              <td data-label="Correlation">
                <button
                  type="button"
                  class="link"
                  title={row.correlation_id}
                  aria-label={`Show the lifecycle of correlation id ${row.correlation_id}`}
                  onClick={() =>
                    set({ correlationId: row.correlation_id, decision: "", tool: "", agent: "" })
                  }
                >
                  {row.correlation_id.slice(0, 8)}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The row's reason; for a reviewer's decision, also who decided and the note they left (§9.6 preview). */
function describeReason(state: MockState, row: AuditLogRow): string {
  if (!REVIEW_REASONS.has(row.reason ?? "")) return row.reason ?? "—";
  const note = (row.payload_preview as { reason?: unknown } | null)?.reason;
  const by = row.requested_by ? ` (${describeUser(state, row.requested_by)})` : "";
  return `${row.reason}${by}${typeof note === "string" && note ? `: “${note}”` : ""}`;
}

/** Where a row sits in a call's lifecycle, in words. */
function stepOf(row: AuditLogRow): string {
  if (row.tool === "system") return "(kill switch)";
  if (row.decision === "require_approval") return "(held)";
  if (REVIEW_REASONS.has(row.reason ?? "")) return "(decision)";
  if (
    row.action === "action_hash_mismatch" ||
    (row.source === "manual" && row.decision === "block" && !row.agent_name)
  )
    return "(replay refused)";
  return "";
}
