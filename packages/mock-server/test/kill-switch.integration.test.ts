import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;

const ALLOW_ALL = [{ name: "Allow everything", tool: "*", actionPattern: "*", mode: "allow", priority: 900 }];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

function killSwitch(token: string, body: Record<string, unknown>) {
  return server.call("POST", "/kill-switch", { bearer: token, body });
}

function evaluate(workspace: SeededWorkspace, tool: string) {
  return server.call("POST", "/evaluate-action", {
    bearer: workspace.keys.all,
    body: { tool, action: "read", riskLevel: "low" },
  });
}

function mcp(workspace: SeededWorkspace, message: Record<string, unknown>) {
  return server.call("POST", "/mcp-gate/sse", {
    bearer: workspace.keys.mcp,
    body: { jsonrpc: "2.0", ...message },
  });
}

describe("global kill switch", () => {
  it("blocks every evaluation, at every entry point, before any policy", async () => {
    const workspace = await server.seedWorkspace({ policies: ALLOW_ALL });
    expect(
      await killSwitch(workspace.tokens.admin, { workspaceId: workspace.workspaceId, action: "enable" }),
    ).toMatchObject({
      status: 200,
      body: { ok: true },
    });

    const evaluated = await evaluate(workspace, "github");
    expect(evaluated.body).toMatchObject({
      decision: "block",
      reason: "Kill switch is active",
      matchedPolicyId: null,
    });

    const forwarded = await server.call("GET", `/gateway-proxy/github/repos/${workspace.repo}`, {
      bearer: workspace.keys.gateway,
    });
    expect(forwarded.status).toBe(403);
    expect(forwarded.body).toMatchObject({ decision: "block", reason: "Kill switch is active" });

    const called = await mcp(workspace, {
      id: 1,
      method: "tools/call",
      params: { name: "get_issue", arguments: { number: 1 } },
    });
    expect(called.status).toBe(200);
    expect(called.body.error).toMatchObject({ code: -32001 });
    expect(called.body.error.data).toMatchObject({ decision: "block", reason: "Kill switch is active" });
  });

  it("keeps MCP lifecycle methods, tools/list and the status poll working", async () => {
    const workspace = await server.seedWorkspace({ policies: ALLOW_ALL });
    await killSwitch(workspace.tokens.owner, { workspaceId: workspace.workspaceId, action: "enable" });
    expect((await mcp(workspace, { id: 1, method: "initialize", params: {} })).body.result).toBeDefined();
    expect((await mcp(workspace, { id: 2, method: "ping" })).body.result).toEqual({});
    expect((await mcp(workspace, { id: 3, method: "tools/list" })).body.result.tools.length).toBeGreaterThan(
      0,
    );
  });

  it("shows its state in the status poll and in /__mock/state, and clears it on disable", async () => {
    const workspace = await server.seedWorkspace();
    const pending = await server.call("POST", "/evaluate-action", {
      bearer: workspace.keys.evaluate,
      body: { tool: "mcp", action: "x", riskLevel: "low" },
    });
    const before = Date.parse((await server.state()).now);
    await killSwitch(workspace.tokens.admin, { workspaceId: workspace.workspaceId, action: "enable" });
    const after = Date.parse((await server.state()).now);
    const poll = () =>
      server.call("GET", `/gateway-proxy/status/${pending.body.correlationId}`, {
        bearer: workspace.keys.evaluate,
      });
    const polled = (await poll()).body.killSwitch;
    expect(polled).toEqual({
      global: true,
      enabledAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      enabledBy: workspace.users.admin,
      toolsPaused: [],
    });
    expect(Date.parse(polled.enabledAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(polled.enabledAt)).toBeLessThanOrEqual(after);
    const stateRow = (await server.state()).workspaces.find(
      (row: { id: string }) => row.id === workspace.workspaceId,
    );
    expect(stateRow.killSwitch).toEqual(polled);

    await killSwitch(workspace.tokens.admin, { workspaceId: workspace.workspaceId, action: "disable" });
    expect((await poll()).body.killSwitch).toEqual({
      global: false,
      enabledAt: null,
      enabledBy: null,
      toolsPaused: [],
    });
    expect((await evaluate(workspace, "mcp")).body.reason).not.toBe("Kill switch is active");
  });
});

describe("per-tool pause", () => {
  it("blocks the paused tool only, and resumes", async () => {
    const workspace = await server.seedWorkspace({ policies: ALLOW_ALL });
    await killSwitch(workspace.tokens.admin, {
      workspaceId: workspace.workspaceId,
      action: "pause_tool",
      tool: "github",
    });
    expect((await evaluate(workspace, "github")).body).toMatchObject({
      decision: "block",
      reason: "Tool github is paused",
      matchedPolicyId: null,
    });
    expect((await evaluate(workspace, "linear")).body.decision).toBe("allow");
    const forwarded = await server.call("POST", `/gateway-proxy/github/repos/${workspace.repo}/issues`, {
      bearer: workspace.keys.gateway,
      body: { title: "x" },
    });
    expect(forwarded).toMatchObject({ status: 403, body: { reason: "Tool github is paused" } });
    await killSwitch(workspace.tokens.admin, {
      workspaceId: workspace.workspaceId,
      action: "resume_tool",
      tool: "github",
    });
    expect((await evaluate(workspace, "github")).body.decision).toBe("allow");
  });

  it("pauses MCP tools/call with -32001, and lists paused tools in the poll", async () => {
    const workspace = await server.seedWorkspace({ policies: ALLOW_ALL });
    await killSwitch(workspace.tokens.admin, {
      workspaceId: workspace.workspaceId,
      action: "pause_tool",
      tool: "mcp",
    });
    const called = await mcp(workspace, {
      id: 9,
      method: "tools/call",
      params: { name: "get_issue", arguments: { number: 1 } },
    });
    expect(called.body.error).toMatchObject({ code: -32001, data: { reason: "Tool mcp is paused" } });
    const pending = await server.seedWorkspace();
    await killSwitch(pending.tokens.admin, {
      workspaceId: pending.workspaceId,
      action: "pause_tool",
      tool: "slack",
    });
    const evaluated = await server.call("POST", "/evaluate-action", {
      bearer: pending.keys.evaluate,
      body: { tool: "notion", action: "x", riskLevel: "low" },
    });
    const poll = await server.call("GET", `/gateway-proxy/status/${evaluated.body.correlationId}`, {
      bearer: pending.keys.evaluate,
    });
    expect(poll.body.killSwitch.toolsPaused).toEqual(["slack"]);
  });
});

describe("kill-switch calls", () => {
  it("audit every call as a system row and queue a kill_switch notification, even when repeated", async () => {
    const workspace = await server.seedWorkspace();
    const before = await server.state();
    for (const body of [
      { action: "enable" },
      { action: "enable" },
      { action: "disable" },
      { action: "pause_tool", tool: "github" },
      { action: "resume_tool", tool: "github" },
    ]) {
      expect(
        (await killSwitch(workspace.tokens.owner, { workspaceId: workspace.workspaceId, ...body })).body,
      ).toEqual({
        ok: true,
      });
    }
    const state = await server.state();
    const rows = state.auditLogs.slice(before.auditLogs.length);
    expect(rows.map((row: { action: string }) => row.action)).toEqual([
      "kill_switch.enable",
      "kill_switch.enable",
      "kill_switch.disable",
      "github.pause_tool",
      "github.resume_tool",
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        workspace_id: workspace.workspaceId,
        tool: "system",
        risk_level: "critical",
        decision: "allow",
        source: "manual",
        payload_preview: { actor: workspace.users.owner },
      });
    }
    const notifications = state.notifications.filter(
      (row: { workspace_id: string; event: string }) =>
        row.workspace_id === workspace.workspaceId && row.event === "kill_switch",
    );
    expect(notifications.length).toBeGreaterThan(0);
    expect(
      state.notifications.some(
        (row: { workspace_id: string; event: string }) =>
          row.workspace_id === workspace.workspaceId && row.event === "rogue_action",
      ),
    ).toBe(false);
  });

  it.each([
    [{ action: "enable" }, "workspaceId is required"],
    [{ workspaceId: "not-a-uuid", action: "enable" }, "workspaceId is required"],
    [{ action: "pause_tool" }, "tool is required for pause_tool and resume_tool"],
    [{ action: "resume_tool" }, "tool is required for pause_tool and resume_tool"],
    [
      { action: "pause_tool", tool: "jira" },
      "tool must be one of github, linear, slack, notion, internal_api, mcp",
    ],
    [{ action: "explode" }, "Unsupported action"],
  ])("answers 400 for %j", async (body, error) => {
    const workspace = await server.seedWorkspace();
    const withWorkspace = "workspaceId" in body ? body : { workspaceId: workspace.workspaceId, ...body };
    const payload = error === "workspaceId is required" ? body : withWorkspace;
    const answer = await killSwitch(workspace.tokens.admin, payload);
    expect(answer).toMatchObject({ status: 400, body: { ok: false, error } });
  });

  it("answers 403 Admin or owner role required to a reviewer, a member and another workspace's admin", async () => {
    const workspace = await server.seedWorkspace();
    const other = await server.seedWorkspace();
    for (const token of [workspace.tokens.reviewer, workspace.tokens.member, other.tokens.admin]) {
      const answer = await killSwitch(token, { workspaceId: workspace.workspaceId, action: "enable" });
      expect(answer).toMatchObject({
        status: 403,
        body: { ok: false, error: "Admin or owner role required" },
      });
    }
    const stateRow = (await server.state()).workspaces.find(
      (row: { id: string }) => row.id === workspace.workspaceId,
    );
    expect(stateRow.killSwitch.global).toBe(false);
  });

  it("answers 405 to GET", async () => {
    const answer = await server.call("GET", "/kill-switch");
    expect(answer).toMatchObject({ status: 405, body: { ok: false, error: "Method not allowed" } });
  });
});

describe("kill switch: secrets", () => {
  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
