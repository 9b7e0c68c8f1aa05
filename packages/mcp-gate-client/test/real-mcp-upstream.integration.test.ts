import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMcpGate, type McpGateConnection } from "../src/index";
import { type GateFixture, startGateFixture } from "./helpers/start-gate-fixture";
import {
  type StreamableIssueServer,
  startStreamableIssueServer,
} from "./helpers/start-streamable-issue-server";

let upstream: StreamableIssueServer;
let fixture: GateFixture;
let gate: McpGateConnection;

beforeAll(async () => {
  upstream = await startStreamableIssueServer();
  fixture = await startGateFixture({ mcpServerUrl: upstream.url });
  gate = await connectMcpGate({
    apiKey: fixture.apiKey,
    url: fixture.gateUrl,
    agentId: "real-upstream-tests",
    polling: { initialDelayMs: 10, multiplier: 1, maxDelayMs: 10 },
  });
});

afterAll(async () => {
  await gate?.close();
  await fixture?.close();
  await upstream?.close();
});

describe("an MCP SDK McpServer over streamable HTTP as the gate's upstream", () => {
  it("lists its tools through the gate", async () => {
    const { tools } = await gate.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["get_issue", "create_issue", "delete_issue"]);
    expect(upstream.sessions()).toBeGreaterThanOrEqual(1);
  });

  it("returns its result for an allowed call", async () => {
    const outcome = await gate.callTool({ name: "get_issue", arguments: { number: 8 } });
    expect(outcome).toMatchObject({
      status: "executed",
      via: "guard",
      result: { content: [{ text: "Issue #8" }] },
    });
    expect(upstream.runs.get("get_issue")).toBe(1);
  });

  it("never calls it for a blocked call", async () => {
    const outcome = await gate.callTool({ name: "delete_issue", arguments: { number: 8 } });
    expect(outcome.status).toBe("blocked");
    expect(upstream.runs.get("delete_issue")).toBeUndefined();
  });

  it("returns the replay's result after approval, and its handler ran exactly once", async () => {
    const outcome = await gate.callTool(
      { name: "create_issue", arguments: { title: "Through a real server" } },
      {
        onProgress: (progress) => {
          if (progress.polls === 0) {
            void fixture.reviewer.decideApproval({
              approvalRequestId: progress.approvalRequestId,
              decision: "approved",
            });
          }
        },
      },
    );
    expect(outcome).toMatchObject({
      status: "executed",
      via: "sentrail_replay",
      result: { content: [{ type: "text", text: "Created #1: Through a real server" }] },
    });
    expect(upstream.runs.get("create_issue")).toBe(1);
    expect(await fixture.upstreamCalls("create_issue")).toBe(1);
  });
});
