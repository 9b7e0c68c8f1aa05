import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSentrailAdminClient } from "../src/admin";
import { createSentrailClient } from "../src/index";

const BASE = "https://abcd1234.supabase.co/functions/v1";
const KEY = `agk_${"a".repeat(40)}`;
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl";
const AGENT_ENDPOINTS = /^\/functions\/v1\/(evaluate-action|gateway-proxy\/.+|mcp-gate\/sse)$/;
const JWT_ENDPOINTS = /^\/functions\/v1\/(approval-decision|kill-switch|manage-api-keys)$/;

const sent: Array<{ path: string; authorization: string | null }> = [];
const server = setupServer(
  // One permissive answer for every endpoint: this test is about what is sent, not what comes back.
  http.all(`${BASE}/*`, () =>
    HttpResponse.json(
      {
        ok: true,
        decision: "allow",
        status: "approved",
        auditLogId: "a",
        correlationId: "c",
        key: KEY,
        apiKey: {},
        apiKeys: [],
        jsonrpc: "2.0",
        id: 1,
        result: {},
      },
      { headers: { "X-Sentrail-Decision": "allow" } },
    ),
  ),
);
server.events.on("request:start", ({ request }) => {
  sent.push({ path: new URL(request.url).pathname, authorization: request.headers.get("authorization") });
});
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  sent.length = 0;
});
afterAll(() => server.close());

describe("credential separation", () => {
  it("sends the agk_ key only to agent endpoints, from every agent method", async () => {
    const agent = createSentrailClient({ apiKey: KEY, baseUrl: BASE });
    await agent.evaluateAction({ tool: "mcp", action: "create_issue", riskLevel: "medium" });
    await agent.gateway.github({ method: "GET", path: "/repos/o/r" });
    await agent.gateway.linear({ query: "{ viewer { id } }" });
    await agent.mcpGate.request("ping");
    await agent.mcpGate.notify("notifications/initialized");
    await agent.getApprovalStatus("c");
    await agent.waitForApproval("c");
    expect(sent.length).toBeGreaterThanOrEqual(7);
    for (const request of sent) {
      expect(request.path).toMatch(AGENT_ENDPOINTS);
      expect(request.authorization).toBe(`Bearer ${KEY}`);
    }
  });

  it("sends the user JWT only to JWT endpoints, from every admin method", async () => {
    const admin = createSentrailAdminClient({ accessToken: JWT, baseUrl: BASE });
    await admin.decideApproval({ approvalRequestId: "r", decision: "approved" });
    await admin.killSwitch({ workspaceId: "w", action: "enable" });
    await admin.enableKillSwitch("w");
    await admin.disableKillSwitch("w");
    await admin.pauseTool("w", "github");
    await admin.resumeTool("w", "github");
    await admin.apiKeys.create({ workspaceId: "w", name: "n", scopes: ["mcp"] });
    await admin.apiKeys.list("w");
    await admin.apiKeys.revoke({ workspaceId: "w", keyId: "k" });
    await admin.apiKeys.rotate({ workspaceId: "w", keyId: "k" });
    expect(sent).toHaveLength(10);
    for (const request of sent) {
      expect(request.path).toMatch(JWT_ENDPOINTS);
      expect(request.authorization).toBe(`Bearer ${JWT}`);
    }
  });
});
