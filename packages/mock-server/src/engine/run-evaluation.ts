import { computeActionHash } from "./compute-action-hash.js";
import type { SentrailEngine } from "./create-sentrail-engine.js";
import { createUuid } from "./create-uuid.js";
import { decideEvaluation, type EvaluationRequest } from "./decide-evaluation.js";
import type {
  AuditSource,
  Decision,
  DeferredActionRow,
  RiskClassification,
  RiskLevel,
} from "./engine-types.js";
import { writeAuditRow } from "./write-audit-row.js";

/** The HTTP call to store for replay when the decision is `require_approval` (§7.1). */
export interface DeferredCall {
  targetUrl: string;
  /** Upper-case method. */
  method: string;
  /** Forwardable headers only: never `Authorization` or `Cookie` (the token is re-read at replay). */
  headers: Record<string, string>;
  body: string | null;
}

/** Everything the pipeline of §16 needs about one classified call. */
export interface EvaluationInput extends EvaluationRequest {
  riskClassification: RiskClassification;
  resourceId: string | null;
  requestedBy: string | null;
  /** The payload: its preview goes to the audit row, the whole of it to an approval request. */
  payload: unknown;
  source: AuditSource;
  /** The call to replay on approval (gateway-proxy, mcp-gate); null for evaluate-action. */
  deferred: DeferredCall | null;
  /** False for webhooks: observational, a `require_approval` outcome is only recorded (§4.7). */
  createsApproval: boolean;
}

/** What every entry point answers from (§16 step 9). */
export interface EvaluationOutcome {
  decision: Decision;
  reason: string;
  matchedPolicyId: string | null;
  approvalRequestId: string | null;
  auditLogId: string;
  correlationId: string;
  riskLevel: RiskLevel;
  riskClassification: RiskClassification;
}

/**
 * The evaluation pipeline of §16: decide (steps 1–5), write the audit row (6), create the approval
 * request and its deferred action together with `expires_at = now + approvalTtlHours` and queue
 * `approvalRequired` (7), queue `rogueAction` for a policy or default block (8), and return the
 * outcome (9). The action hash of the call to defer is computed first (the only await); then the
 * decision and the audit row, approval and deferred action are one synchronous step, so no request
 * can observe one without the others, and no kill-switch change can fall between a decision and its
 * row (the audit log order is the decision order). The hash is computed for every call that could be
 * deferred, even one that ends up allowed, to keep that step free of awaits.
 *
 * @example
 * const outcome = await runEvaluation(engine, { workspace, tool: "github", action: "pull_request.create",
 *   riskLevel: "high", riskClassification: "server_classified", agentId: "bot", resourceType: "pull_request",
 *   resourceId: "o/r", mcpToolName: null, requestedBy: "bot", payload: body, source: "gateway",
 *   deferred: { targetUrl, method: "POST", headers: {}, body: text }, createsApproval: true, checkAgent: true });
 */
export async function runEvaluation(
  engine: SentrailEngine,
  input: EvaluationInput,
): Promise<EvaluationOutcome> {
  // Every await happens before the decision. From reading the kill switch (decideEvaluation) to the
  // audit row and approval being written, nothing yields: a kill-switch call cannot land in between,
  // so a row decided before the switch is also written before the switch's own row (issue 12).
  const candidate = input.createsApproval ? input.deferred : null;
  const candidateHash = candidate
    ? await computeActionHash(candidate.targetUrl, candidate.method, candidate.body)
    : null;

  const verdict = decideEvaluation(engine, input);
  const queuesApproval = verdict.decision === "require_approval" && input.createsApproval;
  const deferred = queuesApproval ? candidate : null;
  const actionHash = deferred ? candidateHash : null;

  const { workspace } = input;
  const row = writeAuditRow(engine, {
    workspace,
    agentName: input.agentId,
    tool: input.tool,
    action: input.action,
    decision: verdict.decision,
    riskLevel: input.riskLevel,
    matchedPolicyId: verdict.matchedPolicyId,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    requestedBy: input.requestedBy,
    payload: input.payload,
    source: input.source,
    reason: verdict.reason,
  });
  const correlationId = row.correlation_id;

  let approvalRequestId: string | null = null;
  if (queuesApproval) {
    approvalRequestId = createUuid();
    const now = engine.clock.nowIso();
    const expiresAt = new Date(
      engine.clock.nowMs() + workspace.settings.approvalTtlHours * 3_600_000,
    ).toISOString();
    const deferredRow: DeferredActionRow | null =
      deferred && actionHash
        ? {
            id: createUuid(),
            approval_request_id: approvalRequestId,
            workspace_id: workspace.id,
            correlation_id: correlationId,
            tool: input.tool,
            target_url: deferred.targetUrl,
            method: deferred.method.toUpperCase(),
            headers: { ...deferred.headers },
            body: deferred.body,
            action_hash: actionHash,
            status: "pending",
            created_at: now,
            executed_at: null,
          }
        : null;
    engine.approvals.create(
      {
        id: approvalRequestId,
        workspace_id: workspace.id,
        correlation_id: correlationId,
        audit_log_id: row.id,
        agent_id: row.agent_id,
        agent_name: input.agentId,
        tool: input.tool,
        action: input.action,
        requested_by: input.requestedBy,
        risk_level: input.riskLevel,
        payload: input.payload ?? null,
        status: "pending",
        reviewed_by: null,
        reviewed_at: null,
        review_reason: null,
        execution_result: null,
        action_hash: actionHash,
        expires_at: expiresAt,
        created_at: now,
        updated_at: now,
        has_deferred_action: deferredRow !== null,
      },
      deferredRow,
    );
    engine.notifications.notify(workspace, "approvalRequired", {
      summary: `approval required for ${input.tool} ${input.action} (${input.riskLevel} risk) by ${input.agentId ?? "an unnamed agent"}: ${verdict.reason}`,
      approvalRequestId,
      correlationId,
      tool: input.tool,
      action: input.action,
      riskLevel: input.riskLevel,
      agentName: input.agentId,
      reason: verdict.reason,
      expiresAt,
    });
  }

  if (verdict.decision === "block" && (verdict.stage === "policy" || verdict.stage === "default")) {
    engine.notifications.notify(workspace, "rogueAction", {
      summary: `blocked ${input.tool} ${input.action} (${input.riskLevel} risk) by ${input.agentId ?? "an unnamed agent"}: ${verdict.reason}`,
      correlationId,
      auditLogId: row.id,
      tool: input.tool,
      action: input.action,
      riskLevel: input.riskLevel,
      agentName: input.agentId,
      reason: verdict.reason,
    });
  }

  return {
    decision: verdict.decision,
    reason: verdict.reason,
    matchedPolicyId: verdict.matchedPolicyId,
    approvalRequestId,
    auditLogId: row.id,
    correlationId,
    riskLevel: input.riskLevel,
    riskClassification: input.riskClassification,
  };
}
