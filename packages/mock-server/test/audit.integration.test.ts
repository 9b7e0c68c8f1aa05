import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;
let workspace: SeededWorkspace;

beforeAll(async () => {
  server = await startTestServer();
  workspace = await server.seedWorkspace({
    policies: [
      {
        name: "Block deletes",
        tool: "*",
        actionPattern: "*",
        toolNamePattern: "delete_*",
        mode: "block",
        priority: 10,
      },
      { name: "Block notion", tool: "notion", actionPattern: "*", mode: "block", priority: 20 },
      {
        name: "Review writes",
        tool: "*",
        actionPattern: "*",
        conditions: { minRiskLevel: "medium" },
        mode: "require_approval",
        priority: 50,
      },
      { name: "Allow reads", tool: "*", actionPattern: "*", mode: "allow", priority: 900 },
    ],
  });
});

afterAll(async () => {
  await server?.close();
});

/** Every way an agent call reaches the policy engine, with the correlation id its answer carries. */
const EVALUATIONS: Array<[string, () => Promise<string>]> = [
  [
    "evaluate-action allow",
    async () =>
      (
        await server.call("POST", "/evaluate-action", {
          bearer: workspace.keys.all,
          body: { tool: "slack", action: "x", riskLevel: "low" },
        })
      ).body.correlationId,
  ],
  [
    "evaluate-action block",
    async () =>
      (
        await server.call("POST", "/evaluate-action", {
          bearer: workspace.keys.all,
          body: { tool: "notion", action: "x", riskLevel: "low" },
        })
      ).body.correlationId,
  ],
  [
    "evaluate-action require_approval",
    async () =>
      (
        await server.call("POST", "/evaluate-action", {
          bearer: workspace.keys.all,
          body: { tool: "slack", action: "x", riskLevel: "high" },
        })
      ).body.correlationId,
  ],
  [
    "gateway allow",
    async () =>
      (
        await server.call("GET", `/gateway-proxy/github/repos/${workspace.repo}`, {
          bearer: workspace.keys.all,
        })
      ).headers.get("x-sentrail-correlationid") ?? "",
  ],
  [
    "gateway require_approval",
    async () =>
      (
        await server.call("POST", `/gateway-proxy/github/repos/${workspace.repo}/issues`, {
          bearer: workspace.keys.all,
          body: { title: "x" },
        })
      ).body.correlationId,
  ],
  [
    "mcp allow",
    async () =>
      (
        await server.call("POST", "/mcp-gate/sse", {
          bearer: workspace.keys.all,
          body: {
            jsonrpc: "2.0",
            id: 1,
            method: "tools/call",
            params: { name: "get_issue", arguments: { number: 1 } },
          },
        })
      ).headers.get("x-sentrail-correlationid") ?? "",
  ],
  [
    "mcp block",
    async () =>
      (
        await server.call("POST", "/mcp-gate/sse", {
          bearer: workspace.keys.all,
          body: {
            jsonrpc: "2.0",
            id: 2,
            method: "tools/call",
            params: { name: "delete_issue", arguments: { number: 1 } },
          },
        })
      ).body.error.data.correlationId,
  ],
  [
    "mcp require_approval",
    async () =>
      (
        await server.call("POST", "/mcp-gate/sse", {
          bearer: workspace.keys.all,
          body: {
            jsonrpc: "2.0",
            id: 3,
            method: "tools/call",
            params: { name: "create_issue", arguments: { title: "x" } },
          },
        })
      ).body.result._meta.sentrail.correlationId,
  ],
];

describe("audit log invariants", () => {
  it.each(EVALUATIONS)(
    "%s writes exactly one audit row, carrying the answered correlation id",
    async (_name, run) => {
      const before = (await server.state()).auditLogs;
      const correlationId = await run();
      const after = (await server.state()).auditLogs;
      expect(after.length).toBe(before.length + 1);
      expect(after.at(-1).correlation_id).toBe(correlationId);
    },
  );

  it("calls that are not evaluations write no row: lifecycle MCP methods, polls, refused requests", async () => {
    const before = (await server.state()).auditLogs.length;
    await server.call("POST", "/mcp-gate/sse", {
      bearer: workspace.keys.all,
      body: { jsonrpc: "2.0", id: 1, method: "ping" },
    });
    await server.call("POST", "/mcp-gate/sse", {
      bearer: workspace.keys.all,
      body: { jsonrpc: "2.0", id: 2, method: "tools/list" },
    });
    await server.call("POST", "/evaluate-action", {
      bearer: workspace.keys.revoked,
      body: { tool: "slack", action: "x", riskLevel: "low" },
    });
    await server.call("POST", "/evaluate-action", {
      bearer: workspace.keys.all,
      body: { tool: "jira", action: "x", riskLevel: "low" },
    });
    await server.call("GET", "/gateway-proxy/status/00000000-0000-4000-8000-000000000000", {
      bearer: workspace.keys.all,
    });
    expect((await server.state()).auditLogs.length).toBe(before);
  });

  it("never changes or removes a row: every earlier row is identical after a whole session of traffic", async () => {
    const snapshot = (await server.state()).auditLogs;
    for (const [, run] of EVALUATIONS) await run();
    const state = await server.state();
    const pending = state.approvalRequests.filter((row: { status: string }) => row.status === "pending");
    for (const approval of pending.slice(0, 2)) {
      await server.call("POST", "/approval-decision", {
        bearer: workspace.tokens.reviewer,
        body: { approvalRequestId: approval.id, decision: "approved" },
      });
    }
    await server.call("POST", "/kill-switch", {
      bearer: workspace.tokens.admin,
      body: { workspaceId: workspace.workspaceId, action: "enable" },
    });
    await server.advanceClock(48 * 3_600_000);
    const after = (await server.state()).auditLogs;
    expect(after.slice(0, snapshot.length)).toEqual(snapshot);
    const ids = after.map((row: { id: string }) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
