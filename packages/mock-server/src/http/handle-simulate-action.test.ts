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
  ws = await kit.seedWorkspace({
    policies: [
      {
        name: "Review PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      },
    ],
  });
});

const simulate = (body: unknown, bearer: string) => kit.call("POST", "/simulate-action", { bearer, body });

describe("POST /simulate-action (mock-only)", () => {
  it("answers the decision without writing anything", async () => {
    const { status, body } = await simulate(
      { tool: "github", action: "pull_request.create", riskLevel: "low" },
      ws.keys.evaluate,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      decision: "require_approval",
      reason: "Policy 'Review PRs' matched",
      matchedPolicyId: ws.policyIds[0],
      riskLevel: "high",
      risk_classification: "server_classified",
    });
    const state = kit.control.state();
    expect([state.auditLogs, state.approvalRequests, state.notifications]).toEqual([[], [], []]);
  });

  it("accepts any member's JWT, with workspaceId when the user belongs to several workspaces", async () => {
    expect(
      (await simulate({ tool: "slack", action: "x", riskLevel: "low" }, ws.tokens.member)).body.decision,
    ).toBe("require_approval");
    const other = await kit.seedWorkspace();
    await kit.control.seed({
      members: [{ workspaceId: other.workspaceId, userId: ws.users.member, role: "member" }],
    });
    expect(await simulate({ tool: "slack", action: "x", riskLevel: "low" }, ws.tokens.member)).toMatchObject({
      status: 400,
      body: { ok: false, error: "workspaceId is required" },
    });
    expect(
      (
        await simulate(
          { tool: "slack", action: "x", riskLevel: "low", workspaceId: other.workspaceId },
          ws.tokens.member,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await simulate(
          { tool: "slack", action: "x", riskLevel: "low", workspaceId: crypto.randomUUID() },
          ws.tokens.member,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await simulate(
          { tool: "slack", action: "x", riskLevel: "low", workspaceId: other.workspaceId },
          ws.tokens.owner,
        )
      ).status,
    ).toBe(403);
  });

  it("validates like evaluate-action and refuses bad credentials", async () => {
    expect((await simulate({ tool: "jira", action: "x", riskLevel: "low" }, ws.keys.evaluate)).body).toEqual({
      ok: false,
      error: "tool must be one of github, linear, slack, notion, internal_api, mcp",
    });
    expect((await simulate({}, ws.keys.gateway)).body).toEqual({
      ok: false,
      error: "Invalid or expired API key",
    });
    expect((await simulate({}, "garbage")).body).toEqual({ ok: false, error: "Not authenticated" });
    expect((await kit.call("GET", "/simulate-action")).status).toBe(405);
  });
});
