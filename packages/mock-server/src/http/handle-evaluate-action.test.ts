import { beforeEach, describe, expect, it } from "vitest";
import {
  createHandlerTestKit,
  type HandlerTestKit,
  type SeededTestWorkspace,
} from "./create-handler-test-kit.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let kit: HandlerTestKit;
let ws: SeededTestWorkspace;

beforeEach(async () => {
  kit = createHandlerTestKit();
  ws = await kit.seedWorkspace({
    policies: [
      { name: "Block deletes", tool: "*", actionPattern: "issue.delete", mode: "block", priority: 5 },
      {
        name: "Require approval for PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      },
      { name: "Allow reads", tool: "*", actionPattern: "read", mode: "allow", priority: 10 },
      { name: "Allow slack", tool: "slack", actionPattern: "*", mode: "allow", priority: 20 },
    ],
  });
});

const evaluate = (body: unknown, headers?: Record<string, string>, bearer = ws.keys.evaluate) =>
  kit.call("POST", "/evaluate-action", { bearer, body, headers });

describe("POST /evaluate-action", () => {
  it("answers all eight contract keys plus riskLevel, and writes one audit row", async () => {
    const { status, body, headers } = await evaluate({
      tool: "github",
      action: "pull_request.create",
      riskLevel: "low",
      agentId: "my-coding-agent",
      resourceType: "pull_request",
      resourceId: "owner/repo",
      payload: { title: "Add feature X" },
    });
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(body).toEqual({
      ok: true,
      decision: "require_approval",
      reason: "Policy 'Require approval for PRs' matched",
      matchedPolicyId: ws.policyIds[1],
      approvalRequestId: expect.stringMatching(UUID_V4),
      auditLogId: expect.stringMatching(UUID_V4),
      correlationId: expect.stringMatching(UUID_V4),
      risk_classification: "server_classified",
      riskLevel: "high",
    });
    const state = kit.control.state();
    expect(state.auditLogs).toHaveLength(1);
    expect(state.auditLogs[0]).toEqual({
      id: body.auditLogId,
      workspace_id: ws.workspaceId,
      correlation_id: body.correlationId,
      agent_id: null,
      agent_name: "my-coding-agent",
      tool: "github",
      action: "pull_request.create",
      decision: "require_approval",
      risk_level: "high",
      matched_policy_id: ws.policyIds[1],
      resource_type: "pull_request",
      resource_id: "owner/repo",
      requested_by: "my-coding-agent",
      payload_preview: { title: "Add feature X" },
      source: "manual",
      reason: "Policy 'Require approval for PRs' matched",
      environment: "test",
      created_at: expect.stringMatching(ISO),
    });
  });

  it("creates an approval request without a deferred action and queues approvalRequired", async () => {
    const { body } = await evaluate({ tool: "github", action: "pull_request.merge", riskLevel: "high" });
    const state = kit.control.state();
    expect(state.approvalRequests).toEqual([
      expect.objectContaining({
        id: body.approvalRequestId,
        correlation_id: body.correlationId,
        audit_log_id: body.auditLogId,
        status: "pending",
        has_deferred_action: false,
        action_hash: null,
      }),
    ]);
    expect(state.deferredActions).toEqual([]);
    const created = Date.parse(state.approvalRequests[0]?.created_at ?? "");
    expect(Date.parse(state.approvalRequests[0]?.expires_at ?? "") - created).toBe(24 * 3_600_000);
    expect(state.notifications.map((row) => [row.event, row.channel])).toEqual([
      ["approval_required", "in_app"],
    ]);
  });

  it("stores only a truncated preview of a large payload in the audit row, the whole payload in the approval", async () => {
    const payload = { body: "x".repeat(3000) };
    await evaluate({ tool: "notion", action: "page.create", riskLevel: "low", payload });
    const state = kit.control.state();
    expect(state.auditLogs[0]?.payload_preview).toEqual({
      _truncated: true,
      _originalBytes: JSON.stringify(payload).length,
      preview: JSON.stringify(payload).slice(0, 2048),
    });
    expect(state.approvalRequests[0]?.payload).toEqual(payload);
  });

  it("uses the caller's risk for other tools and returns null ids when unset", async () => {
    const { body } = await evaluate({ tool: "slack", action: "message.post", riskLevel: "critical" });
    expect(body).toMatchObject({
      decision: "allow",
      matchedPolicyId: ws.policyIds[3],
      approvalRequestId: null,
      risk_classification: "caller_supplied",
      riskLevel: "critical",
    });
  });

  it("blocks with the policy reason and queues rogueAction", async () => {
    const { body } = await evaluate({ tool: "linear", action: "issue.delete", riskLevel: "low" });
    expect(body).toMatchObject({
      decision: "block",
      reason: "Policy 'Block deletes' matched",
      riskLevel: "high",
    });
    expect(kit.control.state().notifications.map((row) => row.event)).toEqual(["rogue_action"]);
  });

  it("applies the unmatched default and the repos.delete rule", async () => {
    expect((await evaluate({ tool: "notion", action: "page.create", riskLevel: "low" })).body).toMatchObject({
      decision: "require_approval",
      reason: "No policy matched; default require_approval",
      matchedPolicyId: null,
    });
    expect((await evaluate({ tool: "github", action: "repos.delete", riskLevel: "low" })).body).toMatchObject(
      {
        decision: "block",
        reason: "Repository deletion is blocked by default",
        matchedPolicyId: null,
        riskLevel: "critical",
      },
    );
  });

  it("takes the agent id from agentId, else X-Agent-Id, else agentName, and honours X-Sentrail-Source: proxy", async () => {
    await evaluate(
      { tool: "slack", action: "x", riskLevel: "low", agentName: "named" },
      { "x-agent-id": "header-agent" },
    );
    await evaluate({ tool: "slack", action: "x", riskLevel: "low", agentName: "named" });
    await evaluate(
      { tool: "slack", action: "x", riskLevel: "low", agentId: "body-agent" },
      { "x-agent-id": "h", "x-sentrail-source": "proxy" },
    );
    expect(kit.control.state().auditLogs.map((row) => [row.agent_name, row.source])).toEqual([
      ["header-agent", "manual"],
      ["named", "manual"],
      ["body-agent", "proxy"],
    ]);
  });

  it("matches toolName policies against the action of an mcp evaluation", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({
      policies: [
        { name: "No deletes", tool: "mcp", toolNamePattern: "delete_*", mode: "block", priority: 1 },
      ],
    });
    const { body } = await kit2.call("POST", "/evaluate-action", {
      bearer: ws2.keys.evaluate,
      body: { tool: "mcp", action: "delete_issue", riskLevel: "low" },
    });
    expect(body.reason).toBe("Policy 'No deletes' matched");
  });

  it("blocks every evaluation while the kill switch is on, and a paused tool, without rogueAction", async () => {
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.admin,
      body: { workspaceId: ws.workspaceId, action: "enable" },
    });
    const killed = await evaluate({ tool: "slack", action: "read", riskLevel: "low" });
    expect(killed.body).toMatchObject({
      decision: "block",
      reason: "Kill switch is active",
      matchedPolicyId: null,
    });
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.admin,
      body: { workspaceId: ws.workspaceId, action: "disable" },
    });
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.admin,
      body: { workspaceId: ws.workspaceId, action: "pause_tool", tool: "slack" },
    });
    expect((await evaluate({ tool: "slack", action: "read", riskLevel: "low" })).body).toMatchObject({
      decision: "block",
      reason: "Tool slack is paused",
      matchedPolicyId: null,
    });
    expect((await evaluate({ tool: "github", action: "read", riskLevel: "low" })).body.decision).toBe(
      "allow",
    );
    expect(kit.control.state().notifications.filter((row) => row.event === "rogue_action")).toEqual([]);
  });

  it("blocks unknown agents when the workspace requires registered agents, and links known ones", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({
      workspace: { settings: { requireRegisteredAgents: true, unmatchedDecision: "allow" } },
      agents: ["known-bot"],
    });
    const call = (body: object) => kit2.call("POST", "/evaluate-action", { bearer: ws2.keys.evaluate, body });
    expect((await call({ tool: "slack", action: "x", riskLevel: "low" })).body).toMatchObject({
      decision: "block",
      reason: "Unknown agent",
    });
    expect(
      (await call({ tool: "slack", action: "x", riskLevel: "low", agentId: "stranger" })).body.reason,
    ).toBe("Unknown agent");
    expect(
      (await call({ tool: "slack", action: "x", riskLevel: "low", agentId: "known-bot" })).body.decision,
    ).toBe("allow");
    const rows = kit2.control.state().auditLogs;
    const agent = kit2.control.state().agents[0];
    expect(rows.at(-1)?.agent_id).toBe(agent?.id);
    expect(rows[0]?.agent_id).toBeNull();
  });

  it.each([
    ["a JSON array", "[]", "Invalid JSON body"],
    ["unparsable JSON", "{nope", "Invalid JSON body"],
    ["an empty body", "", "Invalid JSON body"],
    [
      "a bad tool before a bad action",
      JSON.stringify({ tool: "jira", action: "", riskLevel: "x" }),
      "tool must be one of github, linear, slack, notion, internal_api, mcp",
    ],
    [
      "an empty action before a bad riskLevel",
      JSON.stringify({ tool: "github", action: "", riskLevel: "x" }),
      "action must be a non-empty string",
    ],
    [
      "a bad riskLevel even for github",
      JSON.stringify({ tool: "github", action: "read", riskLevel: "severe" }),
      "riskLevel must be one of low, medium, high, critical",
    ],
    [
      "a payload array",
      JSON.stringify({ tool: "mcp", action: "x", riskLevel: "low", payload: [1] }),
      "payload must be an object",
    ],
    [
      "a payload string",
      JSON.stringify({ tool: "mcp", action: "x", riskLevel: "low", payload: "x" }),
      "payload must be an object",
    ],
  ])("refuses %s with 400 and writes nothing", async (_name, rawBody, error) => {
    const { status, body } = await kit.call("POST", "/evaluate-action", {
      bearer: ws.keys.evaluate,
      rawBody,
    });
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error });
    expect(kit.control.state().auditLogs).toEqual([]);
  });

  it("checks the method, then the key and its scope, then the body", async () => {
    expect((await kit.call("GET", "/evaluate-action")).status).toBe(405);
    expect((await kit.call("GET", "/evaluate-action")).body).toEqual({
      ok: false,
      error: "Method not allowed",
    });
    const noKey = await kit.call("POST", "/evaluate-action", { rawBody: "nope" });
    expect(noKey).toMatchObject({ status: 401, body: { ok: false, error: "Invalid or expired API key" } });
    const wrongScope = await evaluate(
      { tool: "slack", action: "x", riskLevel: "low" },
      undefined,
      ws.keys.gateway,
    );
    expect(wrongScope).toMatchObject({
      status: 401,
      body: { ok: false, error: "Invalid or expired API key" },
    });
    const jwt = await evaluate({ tool: "slack", action: "x", riskLevel: "low" }, undefined, ws.tokens.owner);
    expect(jwt.status).toBe(401);
  });
});
