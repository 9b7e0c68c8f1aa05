import { classifyEvaluationRisk } from "../engine/classify-evaluation-risk.js";
import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { runEvaluation } from "../engine/run-evaluation.js";
import { errorResponse, jsonResponse } from "./json-response.js";
import { readJsonBody } from "./read-json-body.js";
import { validateEvaluationBody } from "./validate-evaluation-body.js";

/**
 * `POST /functions/v1/evaluate-action` (§4.1): method (405) → key with scope `evaluate` (401) → body
 * (400, §4.1 order) → classification (§6.4) → evaluation (§16) → `200` with the eight contract keys
 * plus the effective `riskLevel`. The agent id is `agentId`, else `X-Agent-Id`, else `agentName`
 * (§20.6); `X-Sentrail-Source: proxy` marks the audit row `source: "proxy"` (§9.3).
 *
 * @example
 * await handleEvaluateAction(engine, new Request(url, { method: "POST", headers, body }));
 */
export async function handleEvaluateAction(engine: SentrailEngine, request: Request): Promise<Response> {
  if (request.method !== "POST") return errorResponse(405, "Method not allowed");
  const key = await engine.apiKeys.authenticate(request.headers.get("authorization"), ["evaluate"]);
  const workspace = key ? engine.workspaces.getWorkspace(key.workspace_id) : undefined;
  if (!workspace) return errorResponse(401, "Invalid or expired API key");
  const body = await readJsonBody(request);
  if (!body) return errorResponse(400, "Invalid JSON body");
  const fields = validateEvaluationBody(body);
  if ("error" in fields) return errorResponse(400, fields.error);

  const agentId = fields.agentId ?? (request.headers.get("x-agent-id") || null) ?? fields.agentName;
  const risk = classifyEvaluationRisk(fields.tool, fields.action, fields.riskLevel);
  const outcome = await runEvaluation(engine, {
    workspace,
    tool: fields.tool,
    action: fields.action,
    riskLevel: risk.riskLevel,
    riskClassification: risk.riskClassification,
    agentId,
    resourceType: fields.resourceType,
    resourceId: fields.resourceId,
    mcpToolName: fields.tool === "mcp" ? fields.action : null,
    requestedBy: fields.requestedBy ?? agentId,
    payload: fields.payload,
    source: request.headers.get("x-sentrail-source")?.toLowerCase() === "proxy" ? "proxy" : "manual",
    deferred: null,
    createsApproval: true,
    checkAgent: true,
  });
  return jsonResponse(200, {
    ok: true,
    decision: outcome.decision,
    reason: outcome.reason,
    matchedPolicyId: outcome.matchedPolicyId,
    approvalRequestId: outcome.approvalRequestId,
    auditLogId: outcome.auditLogId,
    correlationId: outcome.correlationId,
    risk_classification: outcome.riskClassification,
    riskLevel: outcome.riskLevel,
  });
}
