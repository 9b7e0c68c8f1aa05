import { beforeEach, describe, expect, it } from "vitest";
import {
  createHandlerTestKit,
  type HandlerTestKit,
  type SeededTestWorkspace,
} from "./create-handler-test-kit.js";

let kit: HandlerTestKit;
let ws: SeededTestWorkspace;

beforeEach(async () => {
  kit = createHandlerTestKit();
  ws = await kit.seedWorkspace({ workspace: { notificationEmails: ["ops@example.com"] } });
});

const killSwitch = (body: unknown, token = ws.tokens.admin) =>
  kit.call("POST", "/kill-switch", { bearer: token, body });

describe("POST /kill-switch", () => {
  it("enables and disables the global switch, recording who and when, visible to agents polling", async () => {
    kit.control.clock({ set: "2030-01-01T00:00:00.000Z" });
    expect(await killSwitch({ workspaceId: ws.workspaceId, action: "enable" })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect(kit.control.state().workspaces[0]?.killSwitch).toEqual({
      global: true,
      enabledAt: "2030-01-01T00:00:00.000Z",
      enabledBy: ws.users.admin,
      toolsPaused: [],
    });
    await killSwitch({ workspaceId: ws.workspaceId, action: "disable" }, ws.tokens.owner);
    expect(kit.control.state().workspaces[0]?.killSwitch).toEqual({
      global: false,
      enabledAt: null,
      enabledBy: null,
      toolsPaused: [],
    });
  });

  it("audits every call as a system row and queues the killSwitch notification, even when repeated", async () => {
    await killSwitch({ workspaceId: ws.workspaceId, action: "enable" });
    await killSwitch({ workspaceId: ws.workspaceId, action: "enable" });
    await killSwitch({ workspaceId: ws.workspaceId, action: "pause_tool", tool: "github" });
    await killSwitch({ workspaceId: ws.workspaceId, action: "resume_tool", tool: "github" });
    const state = kit.control.state();
    expect(state.auditLogs.map((row) => row.action)).toEqual([
      "kill_switch.enable",
      "kill_switch.enable",
      "github.pause_tool",
      "github.resume_tool",
    ]);
    for (const row of state.auditLogs) {
      expect(row).toMatchObject({
        tool: "system",
        risk_level: "critical",
        decision: "allow",
        source: "manual",
        payload_preview: { actor: ws.users.admin },
      });
    }
    expect(
      state.notifications.filter((row) => row.event === "kill_switch").map((row) => row.channel),
    ).toEqual(["in_app", "email", "in_app", "email", "in_app", "email", "in_app", "email"]);
  });

  it("pauses a tool without a connection by creating a paused placeholder", async () => {
    await killSwitch({ workspaceId: ws.workspaceId, action: "pause_tool", tool: "notion" });
    await killSwitch({ workspaceId: ws.workspaceId, action: "pause_tool", tool: "github" });
    expect(kit.control.state().workspaces[0]?.killSwitch.toolsPaused).toEqual(["github", "notion"]);
    await killSwitch({ workspaceId: ws.workspaceId, action: "resume_tool", tool: "notion" });
    expect(kit.control.state().workspaces[0]?.killSwitch.toolsPaused).toEqual(["github"]);
  });

  it.each([
    [{ action: "enable" }, "workspaceId is required"],
    [{ workspaceId: "nope", action: "enable" }, "workspaceId is required"],
    [{ workspaceId: "WS", action: "explode" }, "Unsupported action"],
    [{ workspaceId: "WS" }, "Unsupported action"],
    [{ workspaceId: "WS", action: "pause_tool" }, "tool is required for pause_tool and resume_tool"],
    [
      { workspaceId: "WS", action: "resume_tool", tool: "jira" },
      "tool must be one of github, linear, slack, notion, internal_api, mcp",
    ],
  ])("refuses %j with 400 %s", async (body, error) => {
    const withId = JSON.parse(JSON.stringify(body).replace('"WS"', JSON.stringify(ws.workspaceId)));
    expect(await killSwitch(withId)).toMatchObject({ status: 400, body: { ok: false, error } });
    expect(kit.control.state().auditLogs).toEqual([]);
  });

  it("checks 405 → 401 → 400 → 404 → 403", async () => {
    expect((await kit.call("PUT", "/kill-switch", { bearer: ws.tokens.admin })).status).toBe(405);
    expect(await killSwitch({ workspaceId: ws.workspaceId, action: "enable" }, ws.keys.all)).toMatchObject({
      status: 401,
      body: { ok: false, error: "Not authenticated" },
    });
    expect((await killSwitch({ action: "enable" }, ws.tokens.reviewer)).status).toBe(400);
    expect(
      await killSwitch({ workspaceId: crypto.randomUUID(), action: "enable" }, ws.tokens.reviewer),
    ).toMatchObject({
      status: 404,
      body: { ok: false, error: "Workspace not found" },
    });
    expect(
      await killSwitch({ workspaceId: ws.workspaceId, action: "enable" }, ws.tokens.reviewer),
    ).toMatchObject({
      status: 403,
      body: { ok: false, error: "Admin or owner role required" },
    });
    expect(
      (
        await killSwitch(
          { workspaceId: ws.workspaceId, action: "enable" },
          kit.control.token(crypto.randomUUID()),
        )
      ).status,
    ).toBe(403);
    expect(kit.control.state().workspaces[0]?.killSwitch.global).toBe(false);
  });

  it("takes the workspace id in any letter case, like every other endpoint", async () => {
    expect(await killSwitch({ workspaceId: ws.workspaceId.toUpperCase(), action: "enable" })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect(kit.control.state().workspaces[0]?.killSwitch.global).toBe(true);
  });
});
