import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import {
  newApiKey,
  type SeededWorkspace,
  startTestServer,
  type TestServer,
} from "./helpers/start-test-server.js";

let server: TestServer;
let workspace: SeededWorkspace;

const INVALID_KEY = { ok: false, error: "Invalid or expired API key" };
const NOT_AUTHENTICATED = { ok: false, error: "Not authenticated" };

beforeAll(async () => {
  server = await startTestServer();
  workspace = await server.seedWorkspace({
    policies: [{ name: "Allow everything", tool: "*", actionPattern: "*", mode: "allow", priority: 900 }],
  });
});

afterAll(async () => {
  await server?.close();
});

/** One representative valid request per agent endpoint, with the scope it needs. */
const AGENT_ENDPOINTS = [
  {
    name: "evaluate-action",
    method: "POST",
    path: "/evaluate-action",
    body: { tool: "mcp", action: "x", riskLevel: "low" },
  },
  {
    name: "gateway-proxy",
    method: "GET",
    path: "/gateway-proxy/github/repos/acme/app",
    body: undefined,
  },
  {
    name: "mcp-gate",
    method: "POST",
    path: "/mcp-gate/sse",
    body: { jsonrpc: "2.0", id: 1, method: "ping" },
  },
] as const;

function callAgentEndpoint(endpoint: (typeof AGENT_ENDPOINTS)[number], authorization?: string) {
  return server.call(endpoint.method, endpoint.path, {
    body: endpoint.body,
    headers: authorization === undefined ? {} : { authorization },
  });
}

describe("agent API keys (contract §3.5)", () => {
  const rejections: Array<[string, () => string | undefined]> = [
    ["no Authorization header", () => undefined],
    ["an empty header", () => ""],
    ["a non-Bearer scheme", () => `Basic ${workspace.keys.all}`],
    ["Bearer without a value", () => "Bearer"],
    ["a value without agk_", () => "Bearer not-an-agent-key"],
    ["an unknown agk_ key", () => `Bearer ${newApiKey()}`],
    ["a revoked key", () => `Bearer ${workspace.keys.revoked}`],
    ["a user JWT", () => `Bearer ${workspace.tokens.owner}`],
  ];

  for (const endpoint of AGENT_ENDPOINTS) {
    it.each(rejections)(
      `${endpoint.name} answers 401 with the one identical body for %s`,
      async (_case, header) => {
        const { status, body } = await callAgentEndpoint(endpoint, header());
        expect(status).toBe(401);
        expect(body).toEqual(INVALID_KEY);
      },
    );
  }

  it("accepts each endpoint's own scope and refuses the others identically", async () => {
    const expectations: Array<[(typeof AGENT_ENDPOINTS)[number], keyof SeededWorkspace["keys"], boolean]> = [
      [AGENT_ENDPOINTS[0], "evaluate", true],
      [AGENT_ENDPOINTS[0], "gateway", false],
      [AGENT_ENDPOINTS[0], "mcp", false],
      [AGENT_ENDPOINTS[1], "gateway", true],
      [AGENT_ENDPOINTS[1], "evaluate", false],
      [AGENT_ENDPOINTS[1], "mcp", false],
      [AGENT_ENDPOINTS[2], "mcp", true],
      // mcp-gate's documented fallback: an evaluate-only key is accepted.
      [AGENT_ENDPOINTS[2], "evaluate", true],
      [AGENT_ENDPOINTS[2], "gateway", false],
    ];
    for (const [endpoint, scope, accepted] of expectations) {
      const { status, body } = await callAgentEndpoint(endpoint, `Bearer ${workspace.keys[scope]}`);
      if (accepted) {
        expect(status, `${endpoint.name} with ${scope}`).not.toBe(401);
      } else {
        expect({ status, body }, `${endpoint.name} with ${scope}`).toEqual({
          status: 401,
          body: INVALID_KEY,
        });
      }
    }
  });

  it("lets a key of any scope poll the status endpoint", async () => {
    const pending = await server.seedWorkspace();
    const { body } = await server.call("POST", "/evaluate-action", {
      bearer: pending.keys.evaluate,
      body: { tool: "mcp", action: "x", riskLevel: "low" },
    });
    for (const scope of ["gateway", "evaluate", "mcp"] as const) {
      const poll = await server.call("GET", `/gateway-proxy/status/${body.correlationId}`, {
        bearer: pending.keys[scope],
      });
      expect(poll.status, scope).toBe(200);
    }
    const revoked = await server.call("GET", `/gateway-proxy/status/${body.correlationId}`, {
      bearer: pending.keys.revoked,
    });
    expect(revoked).toMatchObject({ status: 401, body: INVALID_KEY });
  });

  it("refuses a key once the mock clock passes its expiry", async () => {
    const expiring = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    const request = { bearer: expiring.keys.expiring, body: { tool: "mcp", action: "x", riskLevel: "low" } };
    expect((await server.call("POST", "/evaluate-action", request)).status).toBe(200);
    await server.advanceClock(2 * 3_600_000);
    expect(await server.call("POST", "/evaluate-action", request)).toMatchObject({
      status: 401,
      body: INVALID_KEY,
    });
  });

  it("refuses a key revoked through manage-api-keys on the very next request", async () => {
    const keys = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
    const created = await server.call("POST", "/manage-api-keys", {
      bearer: keys.tokens.admin,
      body: { action: "create", workspaceId: keys.workspaceId, name: "short-lived", scopes: ["evaluate"] },
    });
    expect(created.status).toBe(200);
    expect(created.body.key).toMatch(/^agk_[0-9a-f]{40}$/);
    server.secrets.push(created.body.key);
    const request = { bearer: created.body.key, body: { tool: "mcp", action: "x", riskLevel: "low" } };
    expect((await server.call("POST", "/evaluate-action", request)).status).toBe(200);
    const revoked = await server.call("POST", "/manage-api-keys", {
      bearer: keys.tokens.admin,
      body: { action: "revoke", workspaceId: keys.workspaceId, keyId: created.body.apiKey.id },
    });
    expect(revoked.body).toEqual({ ok: true });
    expect(await server.call("POST", "/evaluate-action", request)).toMatchObject({
      status: 401,
      body: INVALID_KEY,
    });
  });
});

describe("user JWTs (contract §3.7)", () => {
  const JWT_ENDPOINTS = [
    {
      path: "/approval-decision",
      body: { approvalRequestId: "00000000-0000-4000-8000-000000000000", decision: "approved" },
    },
    { path: "/kill-switch", body: { workspaceId: "00000000-0000-4000-8000-000000000000", action: "enable" } },
    {
      path: "/manage-api-keys",
      body: { action: "list", workspaceId: "00000000-0000-4000-8000-000000000000" },
    },
  ];

  for (const endpoint of JWT_ENDPOINTS) {
    it.each([
      ["no header", undefined],
      ["an agk_ key", () => `Bearer ${workspace.keys.all}`],
      ["a garbled token", () => "Bearer not.a.jwt"],
      ["a non-Bearer scheme", () => `Basic ${workspace.tokens.owner}`],
    ])(`${endpoint.path} answers 401 Not authenticated for %s`, async (_case, header) => {
      const { status, body } = await server.call("POST", endpoint.path, {
        body: endpoint.body,
        headers: header === undefined ? {} : { authorization: header() },
      });
      expect(status).toBe(401);
      expect(body).toEqual(NOT_AUTHENTICATED);
    });
  }

  it("issues working tokens through /__mock/token", async () => {
    const token = await server.call("POST", "/__mock/token", { body: { userId: workspace.users.admin } });
    expect(token.status).toBe(200);
    expect(token.body).toEqual({ ok: true, token: expect.any(String) });
    server.secrets.push(token.body.token);
    const kill = await server.call("POST", "/kill-switch", {
      bearer: token.body.token,
      body: { workspaceId: workspace.workspaceId, action: "disable" },
    });
    expect(kill.body).toEqual({ ok: true });
  });
});

describe("auth: secrets", () => {
  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
