import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createSentrailClient, type GuardOutcome } from "@sentrail/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateMcpClient } from "../src/index";
import { createIssueServer, type IssueServer } from "./helpers/create-issue-server";
import { type GateFixture, startGateFixture } from "./helpers/start-gate-fixture";

const FAST_POLLING = { initialDelayMs: 10, multiplier: 1, maxDelayMs: 10 };

let fixture: GateFixture;
let issues: IssueServer;
let plain: Client;
let gated: Client;
const settled: GuardOutcome[] = [];
/** What the reviewer answers to the next held call. */
let nextDecision: "approved" | "denied" = "approved";

beforeAll(async () => {
  fixture = await startGateFixture();
  issues = createIssueServer();
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await issues.server.connect(serverTransport);
  plain = new Client({ name: "local-agent", version: "1.0.0" });
  await plain.connect(clientTransport);
  gated = gateMcpClient(plain, {
    sentrail: createSentrailClient({ apiKey: fixture.apiKey, baseUrl: fixture.baseUrl }),
    agentId: "local-agent",
    polling: FAST_POLLING,
    onPending: (event) => {
      if (event.update !== null) return;
      void fixture.reviewer.decideApproval({
        approvalRequestId: event.approvalRequestId,
        decision: nextDecision,
      });
    },
    onSettled: (outcome) => settled.push(outcome),
  });
});

afterAll(async () => {
  await plain?.close();
  await issues?.server.close();
  await fixture?.close();
});

describe("gateMcpClient around an in-memory MCP server", () => {
  it("is the same client: instanceof holds and listTools is the server's own", async () => {
    expect(gated).toBeInstanceOf(Client);
    const { tools } = await gated.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["get_issue", "create_issue", "delete_issue"]);
  });

  it("evaluates an allowed call as tool mcp with the name's risk, then forwards it once", async () => {
    const result = await gated.callTool({ name: "get_issue", arguments: { number: 4 } });
    expect(result).toEqual({ content: [{ type: "text", text: "Issue #4" }] });
    expect(issues.runs.get("get_issue")).toBe(1);
    const row = (await fixture.state()).auditLogs.at(-1);
    expect(row).toMatchObject({ tool: "mcp", action: "get_issue", risk_level: "low", decision: "allow" });
  });

  it("answers a blocked call with an isError result and never reaches the server", async () => {
    const result = await gated.callTool({ name: "delete_issue", arguments: { number: 4 } });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: "text", text: expect.stringContaining("blocked by Sentrail policy") }],
      _meta: { sentrail: { executed: false, status: "blocked", reason: "Policy 'Block deletes' matched" } },
    });
    expect(issues.runs.get("delete_issue")).toBeUndefined();
    const row = (await fixture.state()).auditLogs.at(-1);
    expect(row).toMatchObject({ action: "delete_issue", risk_level: "high", decision: "block" });
  });

  it("waits for approval, then forwards the call exactly once", async () => {
    const result = await gated.callTool({ name: "create_issue", arguments: { title: "Local approved" } });
    expect(result).toEqual({ content: [{ type: "text", text: "Created #1: Local approved" }] });
    expect(issues.runs.get("create_issue")).toBe(1);
    expect(settled.at(-1)).toMatchObject({ status: "executed", via: "guard", decision: "require_approval" });
  });

  it("does not forward a denied call", async () => {
    nextDecision = "denied";
    const result = await gated.callTool({ name: "create_issue", arguments: { title: "please deny" } });
    expect(result).toMatchObject({ isError: true, _meta: { sentrail: { status: "denied" } } });
    expect(issues.runs.get("create_issue")).toBe(1);
  });

  it("fails closed when Sentrail cannot be reached", async () => {
    const offline = gateMcpClient(plain, {
      sentrail: createSentrailClient({ apiKey: fixture.apiKey, baseUrl: "http://127.0.0.1:9/functions/v1" }),
    });
    const result = await offline.callTool({ name: "get_issue", arguments: { number: 5 } });
    expect(result).toMatchObject({
      isError: true,
      _meta: { sentrail: { status: "unavailable", retrySafe: true } },
    });
    expect(issues.runs.get("get_issue")).toBe(1);
  });

  it("rejects like the plain client when the server fails the call with a protocol error", async () => {
    const plainError = await plain.callTool({ name: "no_such_tool" }).then(
      (result) => result,
      (error: unknown) => error,
    );
    const gatedError = await gated.callTool({ name: "no_such_tool" }).then(
      (result) => result,
      (error: unknown) => error,
    );
    expect(gatedError).toEqual(plainError);
  });
});
