import type { RiskClassification, RiskLevel, ToolName } from "./engine-types.js";
import { githubActionRisk } from "./github-action-risk.js";
import { linearActionRisk } from "./linear-action-risk.js";

/** The effective risk of an evaluate-action call and where it came from. */
export interface EvaluationRisk {
  riskLevel: RiskLevel;
  riskClassification: RiskClassification;
}

/**
 * §6.4 for evaluate-action (and simulate-action): `github` and `linear` actions are classified
 * server-side from the action string and the caller's `riskLevel` is ignored; every other tool uses
 * the caller's `riskLevel` unchanged.
 *
 * @example
 * classifyEvaluationRisk("github", "pull_request.create", "low"); // { riskLevel: "high", riskClassification: "server_classified" }
 * classifyEvaluationRisk("mcp", "create_issue", "low");          // { riskLevel: "low", riskClassification: "caller_supplied" }
 */
export function classifyEvaluationRisk(
  tool: ToolName,
  action: string,
  callerRiskLevel: RiskLevel,
): EvaluationRisk {
  if (tool === "github")
    return { riskLevel: githubActionRisk(action), riskClassification: "server_classified" };
  if (tool === "linear")
    return { riskLevel: linearActionRisk(action), riskClassification: "server_classified" };
  return { riskLevel: callerRiskLevel, riskClassification: "caller_supplied" };
}
