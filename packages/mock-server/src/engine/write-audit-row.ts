import { createPayloadPreview } from "./create-payload-preview.js";
import type { SentrailEngine } from "./create-sentrail-engine.js";
import { createUuid } from "./create-uuid.js";
import type { AuditDecision, AuditLogRow, AuditSource, RiskLevel, Workspace } from "./engine-types.js";

/** What a caller knows about an audit row; the rest (id, time, environment, agent link) is filled in. */
export interface AuditRowFields {
  workspace: Workspace;
  /** The lifecycle id; a new one when omitted (§9.4). */
  correlationId?: string;
  agentName: string | null;
  tool: string;
  action: string;
  decision: AuditDecision;
  riskLevel: RiskLevel;
  matchedPolicyId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  requestedBy: string | null;
  /** The payload; only its preview (§9.6) is stored. */
  payload: unknown;
  source: AuditSource;
  reason: string | null;
}

/**
 * Writes one frozen `audit_logs` row (§9.1): fresh id and `created_at` from the mock clock,
 * `environment` copied from the workspace (§13.1), `agent_id` set when `agent_name` is a registered
 * agent (§13.2), payload truncated to its preview (§9.6). Repeated short strings are interned so a
 * long audit log stays small.
 *
 * @example
 * const row = writeAuditRow(engine, { workspace, tool: "system", action: "kill_switch.enable", ... });
 */
export function writeAuditRow(engine: SentrailEngine, fields: AuditRowFields): AuditLogRow {
  const { workspace } = fields;
  const intern = engine.intern;
  const agent =
    fields.agentName === null ? undefined : engine.workspaces.findAgent(workspace.id, fields.agentName);
  return engine.audit.append({
    id: createUuid(),
    workspace_id: workspace.id,
    correlation_id: fields.correlationId ?? createUuid(),
    agent_id: agent?.id ?? null,
    agent_name: intern(fields.agentName),
    tool: intern(fields.tool),
    action: intern(fields.action),
    decision: fields.decision,
    risk_level: fields.riskLevel,
    matched_policy_id: fields.matchedPolicyId,
    resource_type: intern(fields.resourceType),
    resource_id: intern(fields.resourceId),
    requested_by: intern(fields.requestedBy),
    payload_preview: createPayloadPreview(fields.payload),
    source: fields.source,
    reason: intern(fields.reason),
    environment: workspace.environment,
    created_at: engine.clock.nowIso(),
  });
}
