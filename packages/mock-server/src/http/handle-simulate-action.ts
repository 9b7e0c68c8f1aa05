import { classifyEvaluationRisk } from "../engine/classify-evaluation-risk.js";
import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { decideEvaluation } from "../engine/decide-evaluation.js";
import { decodeUserJwt } from "../engine/decode-user-jwt.js";
import type { Workspace } from "../engine/engine-types.js";
import { readBearerToken } from "../engine/read-bearer-token.js";
import { errorResponse, jsonResponse } from "./json-response.js";
import { readJsonBody } from "./read-json-body.js";
import { validateEvaluationBody } from "./validate-evaluation-body.js";

/**
 * Mock-only `POST /functions/v1/simulate-action` (§4.10, §20.12): the evaluate-action body and
 * validation, authenticated by an `agk_` key with scope `evaluate` or by any member's JWT (with
 * `workspaceId` in the body unless the user belongs to exactly one workspace). Pure: no audit row, no
 * approval, no notification. Answers `{ ok, decision, reason, matchedPolicyId, riskLevel,
 * risk_classification }`.
 *
 * @example
 * await handleSimulateAction(engine, new Request(url, { method: "POST", headers, body }));
 */
export async function handleSimulateAction(engine: SentrailEngine, request: Request): Promise<Response> {
  if (request.method !== "POST") return errorResponse(405, "Method not allowed");
  const token = readBearerToken(request.headers.get("authorization"));
  let workspace: Workspace | undefined;
  let userId: string | null = null;
  if (token?.startsWith("agk_")) {
    const key = await engine.apiKeys.authenticate(request.headers.get("authorization"), ["evaluate"]);
    workspace = key ? engine.workspaces.getWorkspace(key.workspace_id) : undefined;
    if (!workspace) return errorResponse(401, "Invalid or expired API key");
  } else {
    const user = decodeUserJwt(token);
    if (!user) return errorResponse(401, "Not authenticated");
    userId = user.userId;
  }
  const body = await readJsonBody(request);
  if (!body) return errorResponse(400, "Invalid JSON body");
  const fields = validateEvaluationBody(body);
  if ("error" in fields) return errorResponse(400, fields.error);

  if (userId !== null) {
    if (typeof body.workspaceId === "string" && body.workspaceId.length > 0) {
      // A UUID in any case names the same workspace (the rule of normalizeUuid); other text none.
      workspace = engine.workspaces.getWorkspace(body.workspaceId.toLowerCase());
      if (!workspace) return errorResponse(404, "Workspace not found");
      if (!engine.workspaces.roleOf(workspace.id, userId))
        return errorResponse(403, "Workspace membership required");
    } else {
      const memberships = engine.workspaces.workspacesOf(userId);
      if (memberships.length !== 1) return errorResponse(400, "workspaceId is required");
      workspace = memberships[0];
    }
  }
  if (!workspace) return errorResponse(400, "workspaceId is required");

  const agentId = fields.agentId ?? (request.headers.get("x-agent-id") || null) ?? fields.agentName;
  const risk = classifyEvaluationRisk(fields.tool, fields.action, fields.riskLevel);
  const verdict = decideEvaluation(engine, {
    workspace,
    tool: fields.tool,
    action: fields.action,
    riskLevel: risk.riskLevel,
    agentId,
    resourceType: fields.resourceType,
    mcpToolName: fields.tool === "mcp" ? fields.action : null,
    checkAgent: true,
  });
  return jsonResponse(200, {
    ok: true,
    decision: verdict.decision,
    reason: verdict.reason,
    matchedPolicyId: verdict.matchedPolicyId,
    riskLevel: risk.riskLevel,
    risk_classification: risk.riskClassification,
  });
}
