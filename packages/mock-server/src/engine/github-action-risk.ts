import type { RiskLevel } from "./engine-types.js";

/** The risk column of the GitHub table (§6.1), by action. */
const GITHUB_ACTION_RISKS: ReadonlyMap<string, RiskLevel> = new Map<string, RiskLevel>([
  ["read", "low"],
  ["issues.create", "medium"],
  ["issues.update", "medium"],
  ["issues.comment.create", "medium"],
  ["pull_request.create", "high"],
  ["pull_request.update", "medium"],
  ["pull_request.merge", "high"],
  ["file.write", "high"],
  ["file.delete", "critical"],
  ["release.create", "high"],
  ["ref.delete", "critical"],
  ["repos.delete", "critical"],
  ["ref.force_update", "critical"],
  ["ref.update", "high"],
  ["ref.create", "medium"],
  ["unknown_write", "high"],
]);

/**
 * Server-side risk of a GitHub action string (§6.1), used when evaluate-action is called with
 * `tool: "github"`: the table's risk for a known action, `high` for anything else.
 *
 * @example
 * githubActionRisk("pull_request.create"); // "high"
 * githubActionRisk("read");                // "low"
 * githubActionRisk("something.else");      // "high"
 */
export function githubActionRisk(action: string): RiskLevel {
  return GITHUB_ACTION_RISKS.get(action) ?? "high";
}
