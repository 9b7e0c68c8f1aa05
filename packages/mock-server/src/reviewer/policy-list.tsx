import { comparePolicyOrder } from "../engine/compare-policy-order.js";
import type { AuditLogRow, Policy } from "../engine/engine-types.js";
import type { MockState } from "../engine/snapshot-state.js";
import { formatTimestamp } from "./format-timestamp.js";

/** Props of {@link PolicyList}. */
export interface PolicyListProps {
  state: MockState;
  workspaceId: string;
}

const RECENT_EVALUATIONS = 10;
const REVIEW_REASONS = new Set(["Approved by reviewer", "Denied by reviewer"]);

/**
 * The Policies view, read-only: the workspace's policies in evaluation order (priority ascending, then
 * creation, then id: contract §5.2), each with how many evaluations it decided and the last one; and
 * the last evaluations with what matched them (a policy, or the default, kill switch or pause when no
 * policy decided). Policies change only through a seed.
 *
 * @example
 * <PolicyList state={state} workspaceId={id} />
 */
export function PolicyList({ state, workspaceId }: PolicyListProps) {
  const policies = state.policies
    .filter((policy) => policy.workspaceId === workspaceId)
    .sort(comparePolicyOrder);
  const evaluations = state.auditLogs.filter(
    (row) =>
      row.workspace_id === workspaceId && row.tool !== "system" && !REVIEW_REASONS.has(row.reason ?? ""),
  );
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  const matchesOf = (policy: Policy) => evaluations.filter((row) => row.matched_policy_id === policy.id);

  return (
    <section aria-labelledby="policies-title">
      <h2 id="policies-title">Policies</h2>
      <p class="muted">Read-only, in evaluation order: the first enabled policy that matches decides.</p>
      {policies.length === 0 ? (
        <p class="empty">No policies: every call gets the workspace's default.</p>
      ) : null}
      <ol class="policies">
        {policies.map((policy) => {
          const matches = matchesOf(policy);
          const last = matches.at(-1);
          return (
            <li key={policy.id} class={`panel policy${policy.enabled ? "" : " disabled"}`}>
              <h3>
                <span class="priority">{policy.priority}</span> {policy.name}
              </h3>
              <p>
                <span class={`badge decision decision-${policy.mode}`}>{policy.mode}</span> · tool{" "}
                <code>{policy.tool}</code> · action{" "}
                <code>{policy.actionPattern ?? policy.actionType ?? "*"}</code>
                {policy.resourceType ? (
                  <>
                    {" "}
                    · resource <code>{policy.resourceType}</code>
                  </>
                ) : null}
                {policy.riskLevel ? <> · risk {policy.riskLevel}</> : null}
                {policy.toolName ? (
                  <>
                    {" "}
                    · MCP tool <code>{policy.toolName}</code>
                  </>
                ) : null}
                {policy.toolNamePattern ? (
                  <>
                    {" "}
                    · MCP tools <code>{policy.toolNamePattern}</code>
                  </>
                ) : null}
                {policy.enabled ? null : <strong> · disabled</strong>}
              </p>
              {Object.keys(policy.conditions).length > 0 ? (
                <p>
                  Conditions: <code class="wrap">{JSON.stringify(policy.conditions)}</code>
                </p>
              ) : null}
              <p class="muted">
                {last
                  ? `Matched ${matches.length} evaluation${matches.length === 1 ? "" : "s"}; last: ${last.tool} · ${last.action} (${last.agent_name ?? "no agent"}) at ${formatTimestamp(last.created_at)}`
                  : "Not matched yet."}
              </p>
            </li>
          );
        })}
      </ol>
      <h3>Last evaluations</h3>
      {evaluations.length === 0 ? <p class="empty">No evaluation yet.</p> : null}
      <ol class="evaluations">
        {evaluations
          .slice(-RECENT_EVALUATIONS)
          .reverse()
          .map((row) => (
            <li key={row.id}>
              {formatTimestamp(row.created_at)} · {row.tool} · {row.action} →{" "}
              <span class={`badge decision decision-${row.decision}`}>{row.decision}</span>{" "}
              {describeMatch(row, byId)}
            </li>
          ))}
      </ol>
    </section>
  );
}

function describeMatch(row: AuditLogRow, byId: Map<string, Policy>): string {
  if (row.matched_policy_id) {
    const policy = byId.get(row.matched_policy_id);
    return policy
      ? `matched "${policy.name}" (priority ${policy.priority})`
      : `matched policy ${row.matched_policy_id}`;
  }
  return `no policy: ${row.reason ?? "default"}`;
}
