import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolRequest } from "@modelcontextprotocol/sdk/types.js";
import type { GuardApprovalHandle } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import type { McpGateCallOptions, McpGateCallOutcome, McpGateConnection } from "./connect-mcp-gate";
import { createMcpGateBridge, type McpGateHeldCalls } from "./create-mcp-gate-bridge";

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

const handle = { evaluation: { approvalRequestId: "r" } } as unknown as GuardApprovalHandle;

function timedOut(): McpGateCallOutcome {
  return {
    ...executed(""),
    status: "timed_out",
    sideEffect: "unknown",
    message: "Not executed: still awaiting approval.",
    resume: handle,
  } as unknown as McpGateCallOutcome;
}

async function connectHost(gate: Parameters<typeof createMcpGateBridge>[0], heldCalls: McpGateHeldCalls) {
  const [hostSide, bridgeSide] = InMemoryTransport.createLinkedPair();
  await createMcpGateBridge(gate, { heldCalls }).connect(bridgeSide);
  const host = new Client({ name: "host", version: "1.0.0" });
  await host.connect(hostSide);
  return host;
}

describe("createMcpGateBridge with heldCalls", () => {
  it("keeps a held call's handle, resumes it for the same tool and arguments instead of calling again, then forgets it", async () => {
    const held = new Map<string, GuardApprovalHandle>();
    const heldCalls: McpGateHeldCalls = {
      get: (key) => held.get(key),
      set: (key, value) => void held.set(key, value),
      delete: (key) => void held.delete(key),
    };
    const sent: string[] = [];
    const gate = {
      client: {} as McpGateConnection["client"],
      callTool: async (params: CallToolRequest["params"]) => {
        sent.push(`call ${JSON.stringify(params.arguments)}`);
        return params.arguments?.title === "x" ? timedOut() : executed("Created #2");
      },
      resumeCall: async (_params: CallToolRequest["params"], resumed: GuardApprovalHandle) => {
        sent.push(`resume ${resumed === handle}`);
        return executed("Created #1");
      },
    };
    const host = await connectHost(gate, heldCalls);
    const first = await host.callTool({ name: "create_issue", arguments: { title: "x", body: "b" } });
    expect(first.isError).toBe(true);
    expect(JSON.stringify(first.content)).toContain(
      "call create_issue again with exactly the same arguments",
    );
    expect(held.size).toBe(1);
    // Other arguments are another call.
    await host.callTool({ name: "create_issue", arguments: { title: "y" } });
    const again = await host.callTool({ name: "create_issue", arguments: { body: "b", title: "x" } });
    expect(again.content).toEqual([
      {
        type: "text",
        text: "This is the result of your earlier create_issue call with these same arguments, which Sentrail held for approval (request r); it was not sent again.",
      },
      { type: "text", text: "Created #1" },
    ]);
    expect(held.size).toBe(0);
    expect(sent).toEqual(['call {"title":"x","body":"b"}', 'call {"title":"y"}', "resume true"]);
    await host.close();
  });

  it("sends the call as usual when the held-call state cannot be read", async () => {
    const heldCalls: McpGateHeldCalls = {
      get: () => {
        throw new Error("disk gone");
      },
      set: () => Promise.reject(new Error("disk gone")),
      delete: () => undefined,
    };
    const gate = {
      client: {} as McpGateConnection["client"],
      callTool: async () => executed("Created #3"),
      resumeCall: async () => executed("never"),
    };
    const host = await connectHost(gate, heldCalls);
    const result = await host.callTool({ name: "create_issue", arguments: { title: "z" } });
    expect(result.content).toEqual([{ type: "text", text: "Created #3" }]);
    await host.close();
  });

  it("refuses heldCalls for a gate without resumeCall", () => {
    const gate = { client: {} as McpGateConnection["client"], callTool: async () => executed("") };
    expect(() =>
      createMcpGateBridge(gate, { heldCalls: { get: () => undefined, set() {}, delete() {} } }),
    ).toThrow(TypeError);
  });
});
