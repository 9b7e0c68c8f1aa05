import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { newApiKey, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

function control(path: string, body?: unknown) {
  return server.call(body === undefined ? "GET" : "POST", `/__mock/${path}`, { body });
}

function decodeJwtPayload(token: string): Record<string, unknown> {
  const [, payload] = token.split(".");
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
}

describe("/__mock/state", () => {
  it("lists every documented collection, oldest first", async () => {
    const { status, body } = await control("state");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      now: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      workspaces: expect.any(Array),
      auditLogs: expect.any(Array),
      approvalRequests: expect.any(Array),
      deferredActions: expect.any(Array),
      notifications: expect.any(Array),
      webhookEvents: expect.any(Array),
      upstreamRequests: expect.any(Array),
    });
  });
});

describe("/__mock/seed", () => {
  it("keeps given ids, generates missing ones and answers a token per member", async () => {
    const workspaceId = randomUUID();
    const policyId = randomUUID();
    const userId = randomUUID();
    const key = newApiKey();
    server.secrets.push(key);
    const { status, body } = await control("seed", {
      workspaces: [{ id: workspaceId, name: "Given", environment: "live" }],
      members: [{ workspaceId, userId, role: "admin", email: "a@example.com" }],
      apiKeys: [{ workspaceId, key, name: "ci", scopes: ["evaluate"], expiresAt: null, revoked: false }],
      policies: [
        {
          id: policyId,
          workspaceId,
          name: "Given id",
          tool: "mcp",
          actionPattern: "*",
          mode: "allow",
          priority: 1,
        },
        { workspaceId, name: "Generated id", tool: "mcp", actionPattern: "x", mode: "block", priority: 2 },
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      workspaceIds: [workspaceId],
      policyIds: [policyId, expect.stringMatching(/^[0-9a-f-]{36}$/)],
      tokens: { [userId]: expect.any(String) },
    });
    server.secrets.push(body.tokens[userId]);
    expect(decodeJwtPayload(body.tokens[userId]).sub).toBe(userId);
    const workspace = (await server.state()).workspaces.find((row: { id: string }) => row.id === workspaceId);
    expect(workspace).toMatchObject({
      id: workspaceId,
      name: "Given",
      environment: "live",
      settings: {
        unmatchedDecision: "require_approval",
        approvalTtlHours: 24,
        requireRegisteredAgents: false,
      },
      killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
    });
    const evaluated = await server.call("POST", "/evaluate-action", {
      bearer: key,
      body: { tool: "mcp", action: "anything", riskLevel: "low" },
    });
    expect(evaluated.body).toMatchObject({ decision: "allow", matchedPolicyId: policyId });
    const row = (await server.state()).auditLogs.find(
      (audit: { id: string }) => audit.id === evaluated.body.auditLogId,
    );
    expect(row.environment).toBe("live");
  });

  it("is additive: a second seed keeps the first one's data", async () => {
    const first = await server.seedWorkspace();
    await server.seedWorkspace();
    const { body } = await server.call("POST", "/evaluate-action", {
      bearer: first.keys.evaluate,
      body: { tool: "mcp", action: "x", riskLevel: "low" },
    });
    expect(body.ok).toBe(true);
  });

  it.each([
    [
      "an unknown tool",
      (ws: string) => ({
        policies: [
          { workspaceId: ws, name: "x", tool: "jira", actionPattern: "*", mode: "allow", priority: 1 },
        ],
      }),
    ],
    [
      "a bad mode",
      (ws: string) => ({
        policies: [
          { workspaceId: ws, name: "x", tool: "mcp", actionPattern: "*", mode: "maybe", priority: 1 },
        ],
      }),
    ],
    [
      "a key without agk_",
      (ws: string) => ({
        apiKeys: [{ workspaceId: ws, key: "sk_live_123", name: "x", scopes: ["evaluate"] }],
      }),
    ],
    [
      "a policy for an unknown workspace",
      () => ({
        policies: [
          {
            workspaceId: randomUUID(),
            name: "x",
            tool: "mcp",
            actionPattern: "*",
            mode: "allow",
            priority: 1,
          },
        ],
      }),
    ],
    ["a bad role", (ws: string) => ({ members: [{ workspaceId: ws, userId: randomUUID(), role: "god" }] })],
  ])("refuses a seed with %s whole, changing nothing", async (_case, build) => {
    const workspaceId = randomUUID();
    const before = await server.state();
    const { status, body } = await control("seed", {
      workspaces: [{ id: workspaceId, name: "Refused" }],
      ...build(workspaceId),
    });
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error: expect.any(String) });
    expect(body.error.length).toBeGreaterThan(0);
    const after = await server.state();
    expect(after.workspaces).toEqual(before.workspaces);
  });
});

describe("/__mock/clock and /__mock/token", () => {
  it("advances and sets the mock clock", async () => {
    const { body: advanced } = await control("clock", { advanceMs: 3_600_000 });
    expect(advanced).toEqual({ ok: true, now: expect.any(String) });
    expect(Date.parse(advanced.now) - Date.now()).toBeGreaterThan(3_500_000);
    const { body: set } = await control("clock", { set: "2030-01-01T00:00:00.000Z" });
    expect(set.ok).toBe(true);
    expect(Date.parse(set.now)).toBeGreaterThanOrEqual(Date.parse("2030-01-01T00:00:00.000Z"));
    expect(Date.parse(set.now)).toBeLessThan(Date.parse("2030-01-01T00:01:00.000Z"));
  });

  it("issues an unsigned JWT whose sub is the user id", async () => {
    const userId = randomUUID();
    const { status, body } = await control("token", { userId });
    expect(status).toBe(200);
    server.secrets.push(body.token);
    expect(decodeJwtPayload(body.token).sub).toBe(userId);
  });
});

describe("/__mock/faults", () => {
  it("fails the next `times` calls before the engine sees them: no audit row", async () => {
    const workspace = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    const request = { bearer: workspace.keys.evaluate, body: { tool: "mcp", action: "x", riskLevel: "low" } };
    expect(
      (await control("faults", { endpoint: "evaluate-action", status: 503, body: { down: true }, times: 2 }))
        .body,
    ).toEqual({
      ok: true,
    });
    const before = (await server.state()).auditLogs.length;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const failed = await server.call("POST", "/evaluate-action", request);
      expect(failed.status).toBe(503);
      expect(failed.body).toEqual({ down: true });
    }
    expect((await server.state()).auditLogs.length).toBe(before);
    const recovered = await server.call("POST", "/evaluate-action", request);
    expect(recovered.status).toBe(200);
    expect((await server.state()).auditLogs.length).toBe(before + 1);
  });

  it("drops the connection for networkError", async () => {
    const workspace = await server.seedWorkspace();
    await control("faults", { endpoint: "gateway-proxy", networkError: true });
    await expect(
      fetch(`${server.baseUrl}/gateway-proxy/github/repos/${workspace.repo}`, {
        headers: { authorization: `Bearer ${workspace.keys.gateway}` },
      }),
    ).rejects.toThrow();
    const next = await server.call("GET", `/gateway-proxy/github/repos/${workspace.repo}`, {
      bearer: workspace.keys.gateway,
    });
    expect(next.status).not.toBe(0);
  });

  it("delays, then handles normally, when only delayMs is given", async () => {
    const workspace = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    await control("faults", { endpoint: "mcp-gate", delayMs: 150 });
    const started = performance.now();
    const { body } = await server.call("POST", "/mcp-gate/sse", {
      bearer: workspace.keys.mcp,
      body: { jsonrpc: "2.0", id: 1, method: "ping" },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(body).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it.each(["status", "approval-decision", "kill-switch"])("applies to %s", async (endpoint) => {
    await control("faults", { endpoint, status: 500, body: { ok: false, error: "Injected" } });
    const path = endpoint === "status" ? `/gateway-proxy/status/${randomUUID()}` : `/${endpoint}`;
    const answer = await server.call(endpoint === "status" ? "GET" : "POST", path, {
      body: endpoint === "status" ? undefined : {},
    });
    expect(answer).toMatchObject({ status: 500, body: { ok: false, error: "Injected" } });
  });
});

describe("/__mock/upstream", () => {
  it("answers the next calls of that tool's upstream with the script, then the normal answer", async () => {
    const workspace = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    expect(
      (
        await control("upstream", {
          tool: "linear",
          status: 500,
          body: { errors: [{ message: "down" }] },
          times: 1,
        })
      ).body,
    ).toEqual({
      ok: true,
    });
    const request = { bearer: workspace.keys.gateway, body: { query: "query { viewer { id } }" } };
    const scripted = await server.call("POST", "/gateway-proxy/linear/graphql", request);
    expect(scripted).toMatchObject({ status: 500, body: { errors: [{ message: "down" }] } });
    const normal = await server.call("POST", "/gateway-proxy/linear/graphql", request);
    expect(normal.status).toBe(200);
    expect(normal.body.data.viewer).toBeDefined();
  });
});

describe("/__mock/reset", () => {
  it("removes everything and returns the clock to real time", async () => {
    const workspace = await server.seedWorkspace();
    await server.call("POST", "/evaluate-action", {
      bearer: workspace.keys.evaluate,
      body: { tool: "mcp", action: "x", riskLevel: "low" },
    });
    await control("upstream", { tool: "github", status: 500 });
    await control("clock", { advanceMs: 86_400_000 });
    expect((await control("reset", {})).body).toEqual({ ok: true });
    const state = (await control("state")).body;
    for (const list of [
      "workspaces",
      "auditLogs",
      "approvalRequests",
      "deferredActions",
      "notifications",
      "webhookEvents",
      "upstreamRequests",
    ]) {
      expect(state[list], list).toEqual([]);
    }
    expect(Math.abs(Date.parse(state.now) - Date.now())).toBeLessThan(60_000);
    const refused = await server.call("POST", "/evaluate-action", {
      bearer: workspace.keys.evaluate,
      body: { tool: "mcp", action: "x", riskLevel: "low" },
    });
    expect(refused.status).toBe(401);
    const fresh = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    const forwarded = await server.call("GET", `/gateway-proxy/github/repos/${fresh.repo}`, {
      bearer: fresh.keys.gateway,
    });
    expect(forwarded.status).toBe(200);
  });

  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
