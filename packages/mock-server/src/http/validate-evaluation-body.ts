import type { RiskLevel, ToolName } from "../engine/engine-types.js";
import { RISK_LEVELS, TOOL_NAMES } from "../engine/engine-types.js";

/** The fields of an evaluate-action (or simulate-action) body once valid (§4.1). */
export interface EvaluationBody {
  tool: ToolName;
  action: string;
  riskLevel: RiskLevel;
  agentId: string | null;
  agentName: string | null;
  resourceType: string | null;
  resourceId: string | null;
  payload: Record<string, unknown> | null;
  requestedBy: string | null;
}

/**
 * Validates an evaluate-action body in the contract's order (§4.1): `tool`, then `action`, then
 * `riskLevel` (validated even when the server will override it), then `payload` (an object when
 * present). Returns the fields, or the exact 400 message. Optional strings of another type are
 * ignored.
 *
 * @example
 * validateEvaluationBody({ tool: "jira" }); // { error: "tool must be one of github, linear, slack, notion, internal_api, mcp" }
 */
export function validateEvaluationBody(body: Record<string, unknown>): EvaluationBody | { error: string } {
  if (typeof body.tool !== "string" || !(TOOL_NAMES as readonly string[]).includes(body.tool)) {
    return { error: `tool must be one of ${TOOL_NAMES.join(", ")}` };
  }
  if (typeof body.action !== "string" || body.action.length === 0) {
    return { error: "action must be a non-empty string" };
  }
  if (typeof body.riskLevel !== "string" || !(RISK_LEVELS as readonly string[]).includes(body.riskLevel)) {
    return { error: `riskLevel must be one of ${RISK_LEVELS.join(", ")}` };
  }
  const payload = body.payload;
  if (payload !== undefined && payload !== null && (typeof payload !== "object" || Array.isArray(payload))) {
    return { error: "payload must be an object" };
  }
  const text = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);
  return {
    tool: body.tool as ToolName,
    action: body.action,
    riskLevel: body.riskLevel as RiskLevel,
    agentId: text(body.agentId),
    agentName: text(body.agentName),
    resourceType: text(body.resourceType),
    resourceId: text(body.resourceId),
    payload: (payload as Record<string, unknown> | null | undefined) ?? null,
    requestedBy: text(body.requestedBy),
  };
}
