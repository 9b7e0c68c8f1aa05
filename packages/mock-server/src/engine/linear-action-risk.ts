import type { RiskLevel } from "./engine-types.js";

/**
 * Server-side risk of a Linear action string (§6.2, §20.5): `read` is low; `<resource>.<verb>` follows
 * the verb rule (`delete`, `archive` → high; any other verb → medium); any other form → high.
 *
 * @example
 * linearActionRisk("issue.create"); // "medium"
 * linearActionRisk("issue.delete"); // "high"
 * linearActionRisk("whatever");     // "high"
 */
export function linearActionRisk(action: string): RiskLevel {
  if (action === "read") return "low";
  const dot = action.indexOf(".");
  if (dot <= 0 || dot === action.length - 1 || action.indexOf(".", dot + 1) !== -1) return "high";
  return linearVerbRisk(action.slice(dot + 1));
}

/**
 * The verb rule of §6.2: `delete` and `archive` are high, every other verb medium (case-insensitive).
 *
 * @example
 * linearVerbRisk("Archive"); // "high"
 */
export function linearVerbRisk(verb: string): RiskLevel {
  const lower = verb.toLowerCase();
  return lower === "delete" || lower === "archive" ? "high" : "medium";
}
