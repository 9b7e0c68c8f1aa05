import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function evaluate(key: string, body: unknown, headers?: Record<string, string>) {
  return server.call("POST", "/evaluate-action", { bearer: key, body, headers });
}

async function auditRow(id: string) {
  const state = await server.state();
  return state.auditLogs.find((row: { id: string }) => row.id === id);
}

describe("evaluate-action: request handling", () => {
  let workspace: SeededWorkspace;

  beforeAll(async () => {
    workspace = await server.seedWorkspace({
      policies: [{ name: "Allow everything", tool: "*", actionPattern: "*", mode: "allow", priority: 900 }],
    });
  });

  it("answers a decision with all eight contract keys plus the effective riskLevel", async () => {
    const { status, body, headers } = await evaluate(workspace.keys.evaluate, {
      tool: "slack",
      action: "message.post",
      riskLevel: "low",
    });
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("application/json");
    expect(body).toEqual({
      ok: true,
      decision: "allow",
      reason: "Policy 'Allow everything' matched",
      matchedPolicyId: workspace.policyIds[0],
      approvalRequestId: null,
      auditLogId: expect.stringMatching(UUID),
      correlationId: expect.stringMatching(UUID),
      risk_classification: "caller_supplied",
      riskLevel: "low",
    });
  });

  it.each([
    ["a JSON array", "[]", "Invalid JSON body"],
    ["unparsable JSON", "{nope", "Invalid JSON body"],
    ["a JSON string", '"text"', "Invalid JSON body"],
    [
      "a bad tool before a bad action",
      { tool: "jira", action: "", riskLevel: "x" },
      "tool must be one of github, linear, slack, notion, internal_api, mcp",
    ],
    [
      "a missing tool",
      { action: "x", riskLevel: "low" },
      "tool must be one of github, linear, slack, notion, internal_api, mcp",
    ],
    [
      "an empty action before a bad riskLevel",
      { tool: "github", action: "", riskLevel: "x" },
      "action must be a non-empty string",
    ],
    [
      "a non-string action",
      { tool: "github", action: 7, riskLevel: "low" },
      "action must be a non-empty string",
    ],
    [
      "a bad riskLevel even for a server-classified tool",
      { tool: "github", action: "read", riskLevel: "severe" },
      "riskLevel must be one of low, medium, high, critical",
    ],
    [
      "a missing riskLevel",
      { tool: "mcp", action: "x" },
      "riskLevel must be one of low, medium, high, critical",
    ],
    [
      "a payload that is not an object",
      { tool: "mcp", action: "x", riskLevel: "low", payload: [1] },
      "payload must be an object",
    ],
  ])("refuses %s with 400 and the documented message", async (_name, body, error) => {
    const { status, body: answer } = await evaluate(workspace.keys.evaluate, body);
    expect(status).toBe(400);
    expect(answer).toEqual({ ok: false, error });
  });

  it("writes no audit row for a refused request", async () => {
    const before = (await server.state()).auditLogs.length;
    await evaluate(workspace.keys.evaluate, { tool: "jira", action: "x", riskLevel: "low" });
    expect((await server.state()).auditLogs.length).toBe(before);
  });

  it("checks the method before the key, and the key before the body", async () => {
    const noAuthGet = await server.call("GET", "/evaluate-action");
    expect(noAuthGet.status).toBe(405);
    expect(noAuthGet.body).toEqual({ ok: false, error: "Method not allowed" });
    const badKeyBadBody = await server.call("POST", "/evaluate-action", {
      bearer: "agk_nope",
      body: "{nope",
    });
    expect(badKeyBadBody.status).toBe(401);
  });

  it("answers an OPTIONS preflight with 204 and CORS headers", async () => {
    const { status, headers } = await server.call("OPTIONS", "/evaluate-action");
    expect(status).toBe(204);
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(headers.get("access-control-allow-headers")).toBe("authorization, x-agent-id, content-type");
  });

  it("writes exactly one audit row per evaluation, with the answered ids and source manual", async () => {
    const before = (await server.state()).auditLogs.length;
    const { body } = await evaluate(workspace.keys.all, {
      tool: "internal_api",
      action: "deploy.start",
      riskLevel: "critical",
      agentId: "ci-bot",
      resourceType: "service",
      resourceId: "billing",
      payload: { version: "1.2.3" },
    });
    const state = await server.state();
    expect(state.auditLogs.length).toBe(before + 1);
    const row = state.auditLogs.at(-1);
    expect(row).toMatchObject({
      id: body.auditLogId,
      workspace_id: workspace.workspaceId,
      correlation_id: body.correlationId,
      agent_name: "ci-bot",
      tool: "internal_api",
      action: "deploy.start",
      decision: "allow",
      risk_level: "critical",
      matched_policy_id: workspace.policyIds[0],
      resource_type: "service",
      resource_id: "billing",
      payload_preview: { version: "1.2.3" },
      source: "manual",
      environment: "test",
    });
  });

  it("marks evaluations from the local interceptor (X-Sentrail-Source: proxy) with source proxy", async () => {
    const { body } = await evaluate(
      workspace.keys.evaluate,
      { tool: "mcp", action: "shell.read", riskLevel: "low" },
      { "x-sentrail-source": "proxy" },
    );
    expect((await auditRow(body.auditLogId)).source).toBe("proxy");
  });

  it("truncates a payload preview over 2048 bytes into the documented wrapper", async () => {
    const payload = { text: "x".repeat(3000) };
    const { body } = await evaluate(workspace.keys.evaluate, {
      tool: "mcp",
      action: "write",
      riskLevel: "low",
      payload,
    });
    const preview = (await auditRow(body.auditLogId)).payload_preview;
    const json = JSON.stringify(payload);
    expect(preview).toEqual({ _truncated: true, _originalBytes: json.length, preview: json.slice(0, 2048) });
  });

  it("takes the agent from X-Agent-Id when the body names none", async () => {
    const { body } = await evaluate(
      workspace.keys.evaluate,
      { tool: "mcp", action: "x", riskLevel: "low" },
      { "x-agent-id": "header-agent" },
    );
    expect((await auditRow(body.auditLogId)).agent_name).toBe("header-agent");
  });
});

describe("evaluate-action: classification (contract §6)", () => {
  let workspace: SeededWorkspace;

  beforeAll(async () => {
    workspace = await server.seedWorkspace({
      policies: [{ name: "Allow everything", tool: "*", actionPattern: "*", mode: "allow", priority: 900 }],
    });
  });

  it.each([
    ["github", "read", "low"],
    ["github", "issues.create", "medium"],
    ["github", "issues.update", "medium"],
    ["github", "issues.comment.create", "medium"],
    ["github", "pull_request.create", "high"],
    ["github", "pull_request.update", "medium"],
    ["github", "pull_request.merge", "high"],
    ["github", "file.write", "high"],
    ["github", "file.delete", "critical"],
    ["github", "release.create", "high"],
    ["github", "ref.delete", "critical"],
    ["github", "repos.delete", "critical"],
    ["github", "ref.force_update", "critical"],
    ["github", "ref.update", "high"],
    ["github", "ref.create", "medium"],
    ["github", "something.unlisted", "high"],
    ["linear", "read", "low"],
    ["linear", "issue.create", "medium"],
    ["linear", "issue.update", "medium"],
    ["linear", "issue.delete", "high"],
    ["linear", "issue.archive", "high"],
  ])("classifies %s %s as %s on the server, whatever the caller says", async (tool, action, risk) => {
    const callerRisk = risk === "low" ? "critical" : "low";
    const { body } = await evaluate(workspace.keys.evaluate, { tool, action, riskLevel: callerRisk });
    expect(body.risk_classification).toBe("server_classified");
    expect(body.riskLevel).toBe(risk);
    expect((await auditRow(body.auditLogId)).risk_level).toBe(risk);
  });

  it.each(["mcp", "slack", "notion", "internal_api"])(
    "keeps the caller's risk level for %s",
    async (tool) => {
      const { body } = await evaluate(workspace.keys.evaluate, {
        tool,
        action: "delete_everything",
        riskLevel: "low",
      });
      expect(body.risk_classification).toBe("caller_supplied");
      expect(body.riskLevel).toBe("low");
      expect((await auditRow(body.auditLogId)).risk_level).toBe("low");
    },
  );
});

describe("evaluate-action: policy matching (contract §5)", () => {
  async function decide(
    policies: Array<Record<string, unknown>>,
    request: Record<string, unknown>,
    options = {},
  ) {
    const workspace = await server.seedWorkspace({ policies, ...options });
    const { body } = await evaluate(workspace.keys.evaluate, { riskLevel: "low", ...request });
    return { ...body, workspace };
  }

  it("lets the lowest priority number win", async () => {
    const result = await decide(
      [
        { name: "Late block", tool: "mcp", actionPattern: "*", mode: "block", priority: 100 },
        { name: "Early allow", tool: "mcp", actionPattern: "*", mode: "allow", priority: 10 },
      ],
      { tool: "mcp", action: "x" },
    );
    expect(result.decision).toBe("allow");
    expect(result.reason).toBe("Policy 'Early allow' matched");
    expect(result.matchedPolicyId).toBe(result.workspace.policyIds[1]);
  });

  it("breaks priority ties by creation order", async () => {
    const result = await decide(
      [
        { name: "First", tool: "mcp", actionPattern: "*", mode: "require_approval", priority: 50 },
        { name: "Second", tool: "mcp", actionPattern: "*", mode: "block", priority: 50 },
      ],
      { tool: "mcp", action: "x" },
    );
    expect(result.reason).toBe("Policy 'First' matched");
    expect(result.approvalRequestId).toMatch(UUID);
  });

  it("skips disabled policies", async () => {
    const result = await decide(
      [
        { name: "Disabled", tool: "mcp", actionPattern: "*", mode: "block", priority: 1, enabled: false },
        { name: "Enabled", tool: "mcp", actionPattern: "*", mode: "allow", priority: 2 },
      ],
      { tool: "mcp", action: "x" },
    );
    expect(result.reason).toBe("Policy 'Enabled' matched");
  });

  it.each([
    ["pull_request.*", "pull_request.create", true],
    ["pull_request.*", "pull_request.merge", true],
    ["pull_request.*", "pull_request", false],
    ["pull_request.create", "pull_request.create", true],
    ["pull_request.create", "Pull_request.create", false],
    ["*", "anything.at.all", true],
    ["a*b", "axxb", false],
    ["a*b", "a*b", true],
    ["issues.*.create", "issues.comment.create", false],
  ])("matches actionPattern %s against %s: %s", async (pattern, action, matches) => {
    const result = await decide(
      [{ name: "P", tool: "slack", actionPattern: pattern, mode: "allow", priority: 1 }],
      {
        tool: "slack",
        action,
      },
    );
    expect(result.matchedPolicyId !== null).toBe(matches);
  });

  it("matches tool * and the exact tool, never another tool", async () => {
    const star = await decide([{ name: "Any", tool: "*", actionPattern: "*", mode: "allow", priority: 1 }], {
      tool: "notion",
      action: "x",
    });
    const other = await decide(
      [{ name: "Slack", tool: "slack", actionPattern: "*", mode: "allow", priority: 1 }],
      {
        tool: "notion",
        action: "x",
      },
    );
    expect(star.decision).toBe("allow");
    expect(other.matchedPolicyId).toBeNull();
  });

  it("requires the resource type when a policy sets one", async () => {
    const policies = [
      {
        name: "PRs",
        tool: "mcp",
        actionPattern: "*",
        resourceType: "pull_request",
        mode: "allow",
        priority: 1,
      },
    ];
    expect(
      (await decide(policies, { tool: "mcp", action: "x", resourceType: "pull_request" })).matchedPolicyId,
    ).not.toBeNull();
    expect(
      (await decide(policies, { tool: "mcp", action: "x", resourceType: "issue" })).matchedPolicyId,
    ).toBeNull();
    expect((await decide(policies, { tool: "mcp", action: "x" })).matchedPolicyId).toBeNull();
  });

  it("matches a policy riskLevel exactly, and min/max risk inclusively", async () => {
    const exact = [
      { name: "High only", tool: "mcp", actionPattern: "*", riskLevel: "high", mode: "allow", priority: 1 },
    ];
    expect(
      (await decide(exact, { tool: "mcp", action: "x", riskLevel: "high" })).matchedPolicyId,
    ).not.toBeNull();
    expect(
      (await decide(exact, { tool: "mcp", action: "x", riskLevel: "critical" })).matchedPolicyId,
    ).toBeNull();
    const range = [
      {
        name: "Medium to high",
        tool: "mcp",
        actionPattern: "*",
        conditions: { minRiskLevel: "medium", maxRiskLevel: "high" },
        mode: "allow",
        priority: 1,
      },
    ];
    const outcomes = await Promise.all(
      ["low", "medium", "high", "critical"].map(
        async (riskLevel) =>
          (await decide(range, { tool: "mcp", action: "x", riskLevel })).matchedPolicyId !== null,
      ),
    );
    expect(outcomes).toEqual([false, true, true, false]);
  });

  it("filters on allowedAgents and blockedAgents", async () => {
    const allowed = [
      {
        name: "Cursor",
        tool: "mcp",
        actionPattern: "*",
        conditions: { allowedAgents: ["cursor"] },
        mode: "allow",
        priority: 1,
      },
    ];
    expect(
      (await decide(allowed, { tool: "mcp", action: "x", agentId: "cursor" })).matchedPolicyId,
    ).not.toBeNull();
    expect(
      (await decide(allowed, { tool: "mcp", action: "x", agentId: "claude-code" })).matchedPolicyId,
    ).toBeNull();
    expect((await decide(allowed, { tool: "mcp", action: "x" })).matchedPolicyId).toBeNull();
    const blocked = [
      {
        name: "Not bots",
        tool: "mcp",
        actionPattern: "*",
        conditions: { blockedAgents: ["bot"] },
        mode: "allow",
        priority: 1,
      },
    ];
    expect((await decide(blocked, { tool: "mcp", action: "x", agentId: "bot" })).matchedPolicyId).toBeNull();
    expect(
      (await decide(blocked, { tool: "mcp", action: "x", agentId: "human" })).matchedPolicyId,
    ).not.toBeNull();
  });

  it("filters on allowedResourceTypes and blockedResourceTypes, and treats empty lists as unset", async () => {
    const policies = [
      {
        name: "Issues",
        tool: "mcp",
        actionPattern: "*",
        conditions: { allowedResourceTypes: ["issue"] },
        mode: "allow",
        priority: 1,
      },
    ];
    expect(
      (await decide(policies, { tool: "mcp", action: "x", resourceType: "issue" })).matchedPolicyId,
    ).not.toBeNull();
    expect(
      (await decide(policies, { tool: "mcp", action: "x", resourceType: "file" })).matchedPolicyId,
    ).toBeNull();
    const notFiles = [
      {
        name: "Not files",
        tool: "mcp",
        actionPattern: "*",
        conditions: { blockedResourceTypes: ["file"], allowedAgents: [] },
        mode: "allow",
        priority: 1,
      },
    ];
    expect(
      (await decide(notFiles, { tool: "mcp", action: "x", resourceType: "file" })).matchedPolicyId,
    ).toBeNull();
    expect((await decide(notFiles, { tool: "mcp", action: "x" })).matchedPolicyId).not.toBeNull();
  });

  it("never matches an MCP toolName policy to another tool", async () => {
    const policies = [
      { name: "Tool", tool: "*", actionPattern: "*", toolName: "create_issue", mode: "allow", priority: 1 },
    ];
    expect((await decide(policies, { tool: "mcp", action: "create_issue" })).matchedPolicyId).not.toBeNull();
    expect((await decide(policies, { tool: "slack", action: "create_issue" })).matchedPolicyId).toBeNull();
  });

  it("falls back to the workspace default when nothing matches", async () => {
    const approval = await decide([], { tool: "mcp", action: "x" });
    expect(approval).toMatchObject({
      decision: "require_approval",
      reason: "No policy matched; default require_approval",
      matchedPolicyId: null,
      approvalRequestId: expect.stringMatching(UUID),
    });
    const allow = await decide(
      [],
      { tool: "mcp", action: "x" },
      { settings: { unmatchedDecision: "allow" } },
    );
    expect(allow).toMatchObject({
      decision: "allow",
      reason: "No policy matched; default allow",
      matchedPolicyId: null,
    });
  });

  it("blocks an unmatched repos.delete in both default modes", async () => {
    for (const unmatchedDecision of ["require_approval", "allow"]) {
      const result = await decide(
        [],
        { tool: "github", action: "repos.delete" },
        { settings: { unmatchedDecision } },
      );
      expect(result).toMatchObject({
        decision: "block",
        reason: "Repository deletion is blocked by default",
        matchedPolicyId: null,
        approvalRequestId: null,
      });
    }
  });

  it("blocks an unregistered agent when the workspace requires registration", async () => {
    const policies = [{ name: "Allow", tool: "*", actionPattern: "*", mode: "allow", priority: 1 }];
    const options = { settings: { requireRegisteredAgents: true }, agents: ["known-agent"] };
    const unknown = await decide(policies, { tool: "mcp", action: "x", agentId: "stranger" }, options);
    expect(unknown).toMatchObject({ decision: "block", reason: "Unknown agent", matchedPolicyId: null });
    const missing = await decide(policies, { tool: "mcp", action: "x" }, options);
    expect(missing.decision).toBe("block");
    const known = await decide(policies, { tool: "mcp", action: "x", agentId: "known-agent" }, options);
    expect(known.decision).toBe("allow");
  });
});

describe("evaluate-action: approvals it creates", () => {
  it("creates a pending approval without a deferred action, visible on the status poll", async () => {
    const workspace = await server.seedWorkspace();
    const { body } = await evaluate(workspace.keys.evaluate, {
      tool: "mcp",
      action: "deploy",
      riskLevel: "high",
    });
    expect(body.decision).toBe("require_approval");
    const poll = await server.call("GET", `/gateway-proxy/status/${body.correlationId}`, {
      bearer: workspace.keys.evaluate,
    });
    expect(poll.status).toBe(200);
    expect(poll.body).toMatchObject({
      ok: true,
      status: "pending",
      decision: "require_approval",
      result: null,
      killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
    });
    const state = await server.state();
    const approval = state.approvalRequests.find((row: { id: string }) => row.id === body.approvalRequestId);
    expect(approval).toMatchObject({
      status: "pending",
      has_deferred_action: false,
      correlation_id: body.correlationId,
    });
    expect(
      state.deferredActions.some(
        (row: { correlation_id: string }) => row.correlation_id === body.correlationId,
      ),
    ).toBe(false);
  });

  it("answers 404 on the poll for an allow, an unknown id and another workspace's id", async () => {
    const workspace = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    const other = await server.seedWorkspace();
    const allowed = await evaluate(workspace.keys.evaluate, { tool: "mcp", action: "x", riskLevel: "low" });
    const pending = await evaluate(other.keys.evaluate, { tool: "mcp", action: "x", riskLevel: "low" });
    for (const id of [
      allowed.body.correlationId,
      "00000000-0000-4000-8000-000000000000",
      pending.body.correlationId,
    ]) {
      const poll = await server.call("GET", `/gateway-proxy/status/${id}`, {
        bearer: workspace.keys.evaluate,
      });
      expect(poll.status).toBe(404);
      expect(poll.body).toEqual({ ok: false, error: "Approval request not found" });
    }
  });
});

describe("evaluate-action: secrets", () => {
  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
