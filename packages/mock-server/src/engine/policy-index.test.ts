import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Policy, RiskLevel, ToolName } from "./engine-types.js";
import { findFirstMatchingPolicy } from "./find-first-matching-policy.js";
import type { PolicyRequest } from "./matches-policy.js";
import { createPolicyIndex } from "./policy-index.js";

const WORKSPACE = "00000000-0000-4000-8000-000000000001";
const TOOLS: ToolName[] = ["github", "linear", "mcp", "slack"];
const ACTIONS = [
  "read",
  "pull_request.create",
  "pull_request.merge",
  "issues.create",
  "repos.delete",
  "delete_issue",
  "get_issue",
  "pull_request",
];
const RISKS: RiskLevel[] = ["low", "medium", "high", "critical"];

function policy(overrides: Partial<Policy>): Policy {
  return {
    id: crypto.randomUUID(),
    workspaceId: WORKSPACE,
    name: "p",
    tool: "*",
    actionType: null,
    actionPattern: "*",
    resourceType: null,
    riskLevel: null,
    mode: "allow",
    conditions: {},
    priority: 100,
    enabled: true,
    toolName: null,
    toolNamePattern: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
const patternArbitrary = fc.oneof(
  fc.constant("*"),
  fc.constantFrom(...ACTIONS),
  fc.constantFrom("pull_request.*", "pull_*", "p*", "delete_*", "get_*", "issues.*", "re*", ""),
);
const policyArbitrary = fc.record({
  id: fc.uuid({ version: 4 }),
  workspaceId: fc.constantFrom(WORKSPACE, "00000000-0000-4000-8000-000000000002"),
  name: fc.constant("p"),
  tool: fc.constantFrom<ToolName | "*">("*", ...TOOLS),
  actionType: optional(fc.constantFrom(...ACTIONS)),
  actionPattern: optional(patternArbitrary),
  resourceType: rarely(fc.constantFrom("pull_request", "issue")),
  riskLevel: rarely(fc.constantFrom(...RISKS)),
  mode: fc.constantFrom("allow", "block", "require_approval" as const),
  // Mostly empty conditions, sometimes one or two, so that a good share of requests find a match.
  conditions: fc.oneof(
    { weight: 6, arbitrary: fc.constant({}) },
    {
      weight: 4,
      arbitrary: fc
        .record(
          {
            minRiskLevel: fc.constantFrom(...RISKS),
            maxRiskLevel: fc.constantFrom(...RISKS),
            allowedAgents: fc.array(fc.constantFrom("a1", "a2", "a3"), { maxLength: 2 }),
            blockedAgents: fc.array(fc.constantFrom("a1", "a2", "a3"), { maxLength: 2 }),
            allowedResourceTypes: fc.array(fc.constantFrom("pull_request", "issue"), { maxLength: 2 }),
            blockedResourceTypes: fc.array(fc.constantFrom("pull_request", "issue"), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        )
        .filter((conditions) => Object.keys(conditions).length <= 2),
    },
  ),
  priority: fc.integer({ min: 1, max: 6 }),
  enabled: fc.oneof(
    { weight: 4, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  toolName: rarely(fc.constantFrom("delete_issue", "get_issue", "create_issue")),
  toolNamePattern: rarely(fc.constantFrom("delete_*", "get_*", "*")),
  createdAt: fc.constantFrom(
    "2025-01-01T00:00:00.000Z",
    "2025-01-01T00:00:00.001Z",
    "2025-01-02T00:00:00.000Z",
  ),
}) as fc.Arbitrary<Policy>;

const requestArbitrary: fc.Arbitrary<PolicyRequest> = fc
  .record({
    tool: fc.constantFrom(...TOOLS),
    action: fc.constantFrom(...ACTIONS, "pull_request.", "x"),
    riskLevel: fc.constantFrom(...RISKS),
    agentId: optional(fc.constantFrom("a1", "a2", "a4")),
    resourceType: optional(fc.constantFrom("pull_request", "issue", "file")),
  })
  .map((request) => ({ ...request, mcpToolName: request.tool === "mcp" ? request.action : null }));

describe("createPolicyIndex", () => {
  it("always picks the same policy as a plain linear scan over every policy", () => {
    let matched = 0;
    let asked = 0;
    fc.assert(
      fc.property(
        fc.array(policyArbitrary, { minLength: 8, maxLength: 60 }),
        fc.array(requestArbitrary, { minLength: 1, maxLength: 10 }),
        (policies, requests) => {
          const index = createPolicyIndex();
          for (const item of policies) index.add(item);
          const inWorkspace = policies.filter((item) => item.workspaceId === WORKSPACE);
          for (const request of requests) {
            const expected = findFirstMatchingPolicy(inWorkspace, request);
            asked++;
            if (expected) matched++;
            expect(index.firstMatch(WORKSPACE, request)?.id).toBe(expected?.id);
          }
        },
      ),
      { numRuns: 500 },
    );
    // The property is only meaningful if requests often do match something.
    expect(matched / asked).toBeGreaterThan(0.25);
  });

  it("evaluates in ascending priority, ties broken by creation time, then id", () => {
    const index = createPolicyIndex();
    const later = policy({
      id: "00000000-0000-4000-8000-00000000000a",
      name: "later",
      priority: 10,
      createdAt: "2025-01-02T00:00:00.000Z",
    });
    const higherId = policy({ id: "00000000-0000-4000-8000-00000000000c", name: "higher id", priority: 10 });
    const lowerId = policy({ id: "00000000-0000-4000-8000-00000000000b", name: "lower id", priority: 10 });
    const lowPriority = policy({ name: "priority 50", priority: 50 });
    for (const item of [lowPriority, later, higherId, lowerId]) index.add(item);
    const request: PolicyRequest = {
      tool: "github",
      action: "read",
      riskLevel: "low",
      agentId: null,
      resourceType: null,
      mcpToolName: null,
    };
    expect(index.firstMatch(WORKSPACE, request)?.name).toBe("lower id");
  });

  it("skips disabled policies but still lists them", () => {
    const index = createPolicyIndex();
    const disabled = policy({ enabled: false, priority: 1 });
    const enabled = policy({ priority: 2 });
    index.add(disabled);
    index.add(enabled);
    const request: PolicyRequest = {
      tool: "mcp",
      action: "x",
      riskLevel: "low",
      agentId: null,
      resourceType: null,
      mcpToolName: "x",
    };
    expect(index.firstMatch(WORKSPACE, request)?.id).toBe(enabled.id);
    expect(index.list(WORKSPACE).map((item) => item.id)).toEqual([disabled.id, enabled.id]);
    expect(index.has(disabled.id)).toBe(true);
  });

  it("keeps workspaces apart and forgets everything on reset", () => {
    const index = createPolicyIndex();
    index.add(policy({ workspaceId: "00000000-0000-4000-8000-000000000009" }));
    const request: PolicyRequest = {
      tool: "mcp",
      action: "x",
      riskLevel: "low",
      agentId: null,
      resourceType: null,
      mcpToolName: "x",
    };
    expect(index.firstMatch(WORKSPACE, request)).toBeUndefined();
    index.add(policy({}));
    expect(index.firstMatch(WORKSPACE, request)).toBeDefined();
    index.reset();
    expect(index.firstMatch(WORKSPACE, request)).toBeUndefined();
    expect(index.list()).toEqual([]);
  });
});
