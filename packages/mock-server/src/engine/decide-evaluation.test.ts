import { beforeEach, describe, expect, it } from "vitest";
import { createFakeDispatcher } from "../http/create-fake-dispatcher.js";
import { applySeed } from "./apply-seed.js";
import { createSentrailEngine, type SentrailEngine } from "./create-sentrail-engine.js";
import { decideEvaluation, type EvaluationRequest } from "./decide-evaluation.js";
import type { Workspace } from "./engine-types.js";

const WS = "11111111-1111-4111-8111-111111111111";
let engine: SentrailEngine;
let workspace: Workspace;

function request(overrides: Partial<EvaluationRequest> = {}): EvaluationRequest {
  return {
    workspace,
    tool: "github",
    action: "pull_request.create",
    riskLevel: "high",
    agentId: "bot",
    resourceType: "pull_request",
    mcpToolName: null,
    checkAgent: true,
    ...overrides,
  };
}

beforeEach(async () => {
  engine = createSentrailEngine({ upstream: createFakeDispatcher() });
  await applySeed(engine, {
    workspaces: [{ id: WS, name: "Acme" }],
    policies: [
      {
        name: "Review PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      },
    ],
    toolConnections: [{ tool: "github", config: { access_token: "t" } }],
    agents: [{ name: "bot" }],
  });
  workspace = engine.workspaces.getWorkspace(WS) as Workspace;
});

describe("decideEvaluation (§16 steps 1–5)", () => {
  it("lets the first matching policy decide with the contract's reason", () => {
    const [policy] = engine.policies.list(WS);
    expect(decideEvaluation(engine, request())).toEqual({
      decision: "require_approval",
      reason: "Policy 'Review PRs' matched",
      matchedPolicyId: policy?.id,
      stage: "policy",
    });
  });

  it("falls back to the workspace default, require_approval unless set to allow", () => {
    expect(decideEvaluation(engine, request({ action: "read" }))).toMatchObject({
      decision: "require_approval",
      reason: "No policy matched; default require_approval",
      matchedPolicyId: null,
    });
    workspace.settings.unmatchedDecision = "allow";
    expect(decideEvaluation(engine, request({ action: "read" }))).toMatchObject({
      decision: "allow",
      reason: "No policy matched; default allow",
    });
  });

  it("blocks an unmatched repos.delete in both default modes", () => {
    for (const mode of ["allow", "require_approval"] as const) {
      workspace.settings.unmatchedDecision = mode;
      expect(decideEvaluation(engine, request({ action: "repos.delete" }))).toMatchObject({
        decision: "block",
        reason: "Repository deletion is blocked by default",
        matchedPolicyId: null,
      });
    }
  });

  it("checks unknown agent, then kill switch, then pause, before any policy", () => {
    workspace.settings.requireRegisteredAgents = true;
    workspace.killSwitchEnabled = true;
    engine.workspaces.setPaused(WS, "github", true);
    expect(decideEvaluation(engine, request({ agentId: "stranger" })).reason).toBe("Unknown agent");
    expect(decideEvaluation(engine, request({ agentId: null })).reason).toBe("Unknown agent");
    expect(decideEvaluation(engine, request()).reason).toBe("Kill switch is active");
    workspace.killSwitchEnabled = false;
    expect(decideEvaluation(engine, request())).toEqual({
      decision: "block",
      reason: "Tool github is paused",
      matchedPolicyId: null,
      stage: "tool_paused",
    });
    expect(decideEvaluation(engine, request({ agentId: null, checkAgent: false })).reason).toBe(
      "Tool github is paused",
    );
  });
});
