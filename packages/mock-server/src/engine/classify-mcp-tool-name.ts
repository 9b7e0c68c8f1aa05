import type { ActionClassification } from "./action-classification.js";

const HIGH_RISK_WORDS = ["delete", "destroy", "drop", "remove"];
const LOW_RISK_PREFIXES = ["get", "list", "read"];

/**
 * Classifies an MCP `tools/call` by its tool name (§6.3, decision G3): the action is the name itself;
 * case-insensitively, a name containing `delete`, `destroy`, `drop` or `remove` is `high` (checked
 * first), one starting with `get`, `list` or `read` is `low`, anything else `medium`. Never
 * `critical`; no resource type or id.
 *
 * @example
 * classifyMcpToolName("delete_issue").riskLevel; // "high"
 * classifyMcpToolName("get_issue").riskLevel;    // "low"
 * classifyMcpToolName("create_issue").riskLevel; // "medium"
 */
export function classifyMcpToolName(toolName: string): ActionClassification {
  const lower = toolName.toLowerCase();
  const riskLevel = HIGH_RISK_WORDS.some((word) => lower.includes(word))
    ? "high"
    : LOW_RISK_PREFIXES.some((prefix) => lower.startsWith(prefix))
      ? "low"
      : "medium";
  return { action: toolName, riskLevel, resourceType: null, resourceId: null };
}
