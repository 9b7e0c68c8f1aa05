import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolRequest } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { McpGateCallOptions, McpGateCallOutcome, McpGateConnection } from "./connect-mcp-gate";
import { createMcpGateBridge } from "./create-mcp-gate-bridge";

function executed(text: string): McpGateCallOutcome {
  return {
    status: "executed",
    via: "sentrail_replay",
    ranAlthough: null,
    result: { content: [{ type: "text", text }] },
    toolName: "create_issue",
    callKey: "k",
    mode: "enforce",
    decision: "require_approval",
    sideEffect: "executed",
    retrySafe: false,
    message: "Executed.",
    reason: "",
    auditLogId: "a",
    correlationId: "c",
    approvalRequestId: "r",
    matchedPolicyId: null,
    wait: null,
    resume: null,
    error: null,
  };
}

describe("createMcpGateBridge", () => {
  it("forwards tools/call without the host's _meta, and turns approval progress into progress notifications", async () => {
    const calls: Array<CallToolRequest["params"]> = [];
    const gate = {
      client: {} as McpGateConnection["client"],
      async callTool(params: CallToolRequest["params"], options?: McpGateCallOptions) {
        calls.push(params);
        for (const polls of [0, 1, 2]) {
          options?.onProgress?.({
            toolName: params.name,
            approvalRequestId: "r",
            correlationId: "c",
            reason: "Policy 'Review' matched",
            status: polls === 0 ? null : "pending",
            killSwitch: null,
            polls,
            elapsedMs: polls * 1000,
          });
        }
        return executed("Created #1");
      },
    };
    const [hostSide, bridgeSide] = InMemoryTransport.createLinkedPair();
    const bridge = createMcpGateBridge(gate);
    await bridge.connect(bridgeSide);
    const host = new Client({ name: "host", version: "1.0.0" });
    await host.connect(hostSide);
    const progress: number[] = [];
    const result = await host.callTool({ name: "create_issue", arguments: { title: "x" } }, undefined, {
      onprogress: (notification) => progress.push(notification.progress),
    });
    expect(result).toEqual({ content: [{ type: "text", text: "Created #1" }] });
    expect(calls).toEqual([{ name: "create_issue", arguments: { title: "x" } }]);
    expect(progress).toEqual([0, 1, 2]);
    expect(host.getServerVersion()).toEqual({ name: "sentrail-mcp-bridge", version: "0.1.0" });
    await host.close();
  });
});
