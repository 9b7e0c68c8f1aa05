import { describe, expect, it } from "vitest";
import type { Policy } from "./engine-types.js";
import { matchesPolicy, type PolicyRequest } from "./matches-policy.js";

function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    workspaceId: "00000000-0000-4000-8000-0000000000aa",
    name: "p",
    tool: "github",
    actionType: null,
    actionPattern: "*",
    resourceType: null,
    riskLevel: null,
    mode: "block",
    conditions: {},
    priority: 100,
    enabled: true,
    toolName: null,
    toolNamePattern: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}

const request: PolicyRequest = {
  tool: "github",
  action: "pull_request.create",
  riskLevel: "high",
  agentId: "bot",
  resourceType: "pull_request",
  mcpToolName: null,
};

describe("matchesPolicy (§5.3)", () => {
  it("matches the same tool or the * tool, never another tool", () => {
    expect(matchesPolicy(policy({ tool: "github" }), request)).toBe(true);
    expect(matchesPolicy(policy({ tool: "*" }), request)).toBe(true);
    expect(matchesPolicy(policy({ tool: "linear" }), request)).toBe(false);
  });

  it("applies the action pattern, falling back to the legacy actionType, then to *", () => {
    expect(matchesPolicy(policy({ actionPattern: "pull_request.*" }), request)).toBe(true);
    expect(matchesPolicy(policy({ actionPattern: "issues.*" }), request)).toBe(false);
    expect(matchesPolicy(policy({ actionPattern: null, actionType: "pull_request.create" }), request)).toBe(
      true,
    );
    expect(matchesPolicy(policy({ actionPattern: "", actionType: "pull_request.merge" }), request)).toBe(
      false,
    );
    expect(matchesPolicy(policy({ actionPattern: null, actionType: null }), request)).toBe(true);
  });

  it("requires the resource type when the policy sets one", () => {
    expect(matchesPolicy(policy({ resourceType: "pull_request" }), request)).toBe(true);
    expect(matchesPolicy(policy({ resourceType: "issue" }), request)).toBe(false);
    expect(matchesPolicy(policy({ resourceType: "pull_request" }), { ...request, resourceType: null })).toBe(
      false,
    );
  });

  it("treats riskLevel as an exact filter and min/max as an inclusive range", () => {
    expect(matchesPolicy(policy({ riskLevel: "high" }), request)).toBe(true);
    expect(matchesPolicy(policy({ riskLevel: "medium" }), request)).toBe(false);
    expect(matchesPolicy(policy({ conditions: { minRiskLevel: "high" } }), request)).toBe(true);
    expect(matchesPolicy(policy({ conditions: { minRiskLevel: "critical" } }), request)).toBe(false);
    expect(matchesPolicy(policy({ conditions: { maxRiskLevel: "high" } }), request)).toBe(true);
    expect(matchesPolicy(policy({ conditions: { maxRiskLevel: "medium" } }), request)).toBe(false);
    expect(
      matchesPolicy(policy({ conditions: { minRiskLevel: "low", maxRiskLevel: "critical" } }), request),
    ).toBe(true);
  });

  it("filters on allowedAgents and excludes blockedAgents; no agent id fails allowed and passes blocked", () => {
    expect(matchesPolicy(policy({ conditions: { allowedAgents: ["bot"] } }), request)).toBe(true);
    expect(matchesPolicy(policy({ conditions: { allowedAgents: ["other"] } }), request)).toBe(false);
    expect(
      matchesPolicy(policy({ conditions: { allowedAgents: ["bot"] } }), { ...request, agentId: null }),
    ).toBe(false);
    expect(matchesPolicy(policy({ conditions: { blockedAgents: ["bot"] } }), request)).toBe(false);
    expect(matchesPolicy(policy({ conditions: { blockedAgents: ["other"] } }), request)).toBe(true);
    expect(
      matchesPolicy(policy({ conditions: { blockedAgents: ["bot"] } }), { ...request, agentId: null }),
    ).toBe(true);
    expect(matchesPolicy(policy({ conditions: { allowedAgents: [], blockedAgents: [] } }), request)).toBe(
      true,
    );
  });

  it("filters on allowed and blocked resource type lists", () => {
    expect(matchesPolicy(policy({ conditions: { allowedResourceTypes: ["pull_request"] } }), request)).toBe(
      true,
    );
    expect(matchesPolicy(policy({ conditions: { allowedResourceTypes: ["issue"] } }), request)).toBe(false);
    expect(matchesPolicy(policy({ conditions: { blockedResourceTypes: ["pull_request"] } }), request)).toBe(
      false,
    );
    expect(matchesPolicy(policy({ conditions: { blockedResourceTypes: ["issue"] } }), request)).toBe(true);
  });

  it("matches MCP tool names exactly or by prefix, and never matches a non-mcp request with them", () => {
    const mcp: PolicyRequest = {
      ...request,
      tool: "mcp",
      action: "delete_issue",
      mcpToolName: "delete_issue",
      resourceType: null,
    };
    expect(matchesPolicy(policy({ tool: "mcp", toolName: "delete_issue" }), mcp)).toBe(true);
    expect(matchesPolicy(policy({ tool: "mcp", toolName: "get_issue" }), mcp)).toBe(false);
    expect(matchesPolicy(policy({ tool: "mcp", toolNamePattern: "delete_*" }), mcp)).toBe(true);
    expect(matchesPolicy(policy({ tool: "mcp", toolNamePattern: "get_*" }), mcp)).toBe(false);
    expect(matchesPolicy(policy({ tool: "*", toolNamePattern: "*" }), request)).toBe(false);
  });

  it("ignores customRules and never matches a disabled policy", () => {
    expect(matchesPolicy(policy({ conditions: { customRules: { anything: true } } }), request)).toBe(true);
    expect(matchesPolicy(policy({ enabled: false }), request)).toBe(false);
  });
});
