import type { RiskLevel } from "../sentrail-api-types";

const HIGH_RISK_WORDS = ["delete", "destroy", "drop", "remove"] as const;
const LOW_RISK_PREFIXES = ["get", "list", "read"] as const;

/**
 * Infers a risk level from a tool name with the contract's MCP rule (§6.3), the same rule mcp-gate
 * applies server-side: case-insensitive; a name that contains `delete`, `destroy`, `drop` or `remove`
 * is `high` (checked first, so `get_or_delete` is high); else a name that starts with `get`, `list` or
 * `read` is `low`; everything else is `medium`. Never `critical`: declare that per tool.
 *
 * @example
 * ```ts
 * inferToolRiskLevel("DropTable"); // => "high"
 * inferToolRiskLevel("list_issues"); // => "low"
 * inferToolRiskLevel("send_email"); // => "medium"
 * ```
 */
export function inferToolRiskLevel(toolName: string): RiskLevel {
  const name = toolName.toLowerCase();
  if (HIGH_RISK_WORDS.some((word) => name.includes(word))) return "high";
  if (LOW_RISK_PREFIXES.some((prefix) => name.startsWith(prefix))) return "low";
  return "medium";
}
