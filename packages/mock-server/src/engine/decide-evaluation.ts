import type { SentrailEngine } from "./create-sentrail-engine.js";
import type { Decision, Workspace } from "./engine-types.js";
import type { PolicyRequest } from "./matches-policy.js";

/** Input of the decision steps 1–5 of §16. */
export interface EvaluationRequest extends PolicyRequest {
  workspace: Workspace;
  /** Apply the registered-agent check (§13.2); false for webhooks, which come from no agent. */
  checkAgent: boolean;
}

/** Which step of §16 decided. */
export type DecisionStage = "unknown_agent" | "kill_switch" | "tool_paused" | "policy" | "default";

/** The outcome of steps 1–5 of §16. */
export interface PolicyDecision {
  decision: Decision;
  reason: string;
  matchedPolicyId: string | null;
  stage: DecisionStage;
}

/**
 * Steps 1–5 of the evaluation pipeline (§16), without side effects: unknown agent, global kill switch,
 * paused tool, first matching policy (index), then the unmatched default (`repos.delete` is always
 * blocked; otherwise the workspace's `unmatchedDecision`). Reason strings are the contract's (§5.4,
 * §5.5). simulate-action uses this alone; every other entry point goes through `runEvaluation`.
 *
 * @example
 * decideEvaluation(engine, { workspace, tool: "github", action: "repos.delete", riskLevel: "critical",
 *   agentId: null, resourceType: "repository", mcpToolName: null, checkAgent: true });
 * // { decision: "block", reason: "Repository deletion is blocked by default", matchedPolicyId: null, stage: "default" }
 */
export function decideEvaluation(engine: SentrailEngine, request: EvaluationRequest): PolicyDecision {
  const { workspace } = request;
  if (request.checkAgent && workspace.settings.requireRegisteredAgents) {
    if (request.agentId === null || !engine.workspaces.findAgent(workspace.id, request.agentId)) {
      return { decision: "block", reason: "Unknown agent", matchedPolicyId: null, stage: "unknown_agent" };
    }
  }
  if (workspace.killSwitchEnabled) {
    return {
      decision: "block",
      reason: "Kill switch is active",
      matchedPolicyId: null,
      stage: "kill_switch",
    };
  }
  if (engine.workspaces.getConnection(workspace.id, request.tool)?.paused) {
    return {
      decision: "block",
      reason: `Tool ${request.tool} is paused`,
      matchedPolicyId: null,
      stage: "tool_paused",
    };
  }
  const policy = engine.policies.firstMatch(workspace.id, request);
  if (policy) {
    return {
      decision: policy.mode,
      reason: `Policy '${policy.name}' matched`,
      matchedPolicyId: policy.id,
      stage: "policy",
    };
  }
  if (request.action === "repos.delete") {
    return {
      decision: "block",
      reason: "Repository deletion is blocked by default",
      matchedPolicyId: null,
      stage: "default",
    };
  }
  const decision = workspace.settings.unmatchedDecision;
  return {
    decision,
    reason: `No policy matched; default ${decision}`,
    matchedPolicyId: null,
    stage: "default",
  };
}
