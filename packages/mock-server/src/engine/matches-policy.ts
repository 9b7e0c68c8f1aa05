import type { Policy, RiskLevel, ToolName } from "./engine-types.js";
import { matchesWildcard } from "./matches-wildcard.js";
import { riskLevelInRange } from "./risk-level-in-range.js";

/** What a policy is matched against (§5.3), after classification. */
export interface PolicyRequest {
  tool: ToolName;
  /** The classified action string. */
  action: string;
  /** The effective risk level. */
  riskLevel: RiskLevel;
  /** Agent id used for matching (§20.6); null when the caller gave none. */
  agentId: string | null;
  resourceType: string | null;
  /** The MCP tool name; set only for `tool: "mcp"` requests (§5.3 rule 9, §20.7). */
  mcpToolName: string | null;
}

/**
 * The match predicate of §5.3, every rule in order; disabled policies never match. Pure and
 * allocation-free, so the policy index can call it on each candidate.
 *
 * @example
 * matchesPolicy(policy, { tool: "github", action: "pull_request.create", riskLevel: "high",
 *   agentId: "bot", resourceType: "pull_request", mcpToolName: null });
 */
export function matchesPolicy(policy: Policy, request: PolicyRequest): boolean {
  if (!policy.enabled) return false;
  // 1. tool
  if (policy.tool !== "*" && policy.tool !== request.tool) return false;
  // 2. action pattern (actionPattern, else legacy actionType as exact, else "*")
  if (policy.actionPattern) {
    if (!matchesWildcard(policy.actionPattern, request.action)) return false;
  } else if (policy.actionType) {
    if (policy.actionType !== request.action) return false;
  }
  // 3. resource type
  if (policy.resourceType && policy.resourceType !== request.resourceType) return false;
  // 4. exact risk level
  if (policy.riskLevel && policy.riskLevel !== request.riskLevel) return false;
  const conditions = policy.conditions;
  // 5. risk range (inclusive)
  if (!riskLevelInRange(request.riskLevel, conditions.minRiskLevel, conditions.maxRiskLevel)) return false;
  // 6. / 7. agents (no agent id: allowedAgents fails, blockedAgents holds; §20.6)
  const allowedAgents = conditions.allowedAgents;
  if (allowedAgents && allowedAgents.length > 0) {
    if (request.agentId === null || !allowedAgents.includes(request.agentId)) return false;
  }
  const blockedAgents = conditions.blockedAgents;
  if (blockedAgents && blockedAgents.length > 0 && request.agentId !== null) {
    if (blockedAgents.includes(request.agentId)) return false;
  }
  // 8. resource type lists
  const allowedTypes = conditions.allowedResourceTypes;
  if (allowedTypes && allowedTypes.length > 0) {
    if (request.resourceType === null || !allowedTypes.includes(request.resourceType)) return false;
  }
  const blockedTypes = conditions.blockedResourceTypes;
  if (blockedTypes && blockedTypes.length > 0 && request.resourceType !== null) {
    if (blockedTypes.includes(request.resourceType)) return false;
  }
  // 9. MCP tool name (never matches a non-mcp request)
  if (policy.toolName || policy.toolNamePattern) {
    if (request.tool !== "mcp" || request.mcpToolName === null) return false;
    if (policy.toolName && policy.toolName !== request.mcpToolName) return false;
    if (policy.toolNamePattern && !matchesWildcard(policy.toolNamePattern, request.mcpToolName)) return false;
  }
  // 10. customRules: stored, not evaluated.
  return true;
}
