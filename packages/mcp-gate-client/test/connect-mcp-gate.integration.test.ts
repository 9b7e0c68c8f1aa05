import { SentrailAuthenticationError, SentrailError, SentrailUnavailableError } from "@sentrail/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectMcpGate, type McpGateConnection, type McpGateProgress } from "../src/index";
import { type GateFixture, startGateFixture } from "./helpers/start-gate-fixture";

const FAST_POLLING = { initialDelayMs: 10, multiplier: 1, maxDelayMs: 10 };

let fixture: GateFixture;
let gate: McpGateConnection;
const transportErrors: unknown[] = [];
const exchanges: string[] = [];

beforeAll(async () => {
  fixture = await startGateFixture();
  gate = await connectMcpGate({
    apiKey: fixture.apiKey,
    url: fixture.gateUrl,
    agentId: "gate-tests",
    polling: FAST_POLLING,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      exchanges.push(`${init?.method ?? "GET"} ${response.status}`);
      return response;
    },
  });
  gate.client.onerror = (error) => transportErrors.push(error);
});

afterAll(async () => {
  await gate?.close();
  await fixture?.close();
});

/** Approves (or denies) the call as soon as its wait reports progress. */
function decideWhenHeld(decision: "approved" | "denied", seen: McpGateProgress[] = []) {
  let decided = false;
  return (progress: McpGateProgress) => {
    seen.push(progress);
    if (decided) return;
    decided = true;
    void fixture.reviewer.decideApproval({ approvalRequestId: progress.approvalRequestId, decision });
  };
}

describe("connectMcpGate: the MCP methods the gate answers", () => {
  it("initializes against the gate's own answer and tolerates its 405 to the SDK's GET stream", async () => {
    expect(gate.client.getServerVersion()).toEqual({ name: "sentrail-mcp-gate", version: "1.0.0" });
    expect(gate.client.getServerCapabilities()).toEqual({ tools: { listChanged: false } });
    await gate.client.ping();
    expect(exchanges.slice(0, 3)).toEqual(["POST 200", "POST 202", "GET 405"]);
    expect(transportErrors).toEqual([]);
  });

  it("lists the upstream's tools through the gate", async () => {
    const { tools } = await gate.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "get_issue",
      "list_issues",
      "create_issue",
      "delete_issue",
    ]);
  });

  it("sends the key and the agent id: the audit row names the agent and no secret is stored", async () => {
    await gate.callTool({ name: "list_issues", arguments: {} });
    const state = await fixture.state();
    const row = state.auditLogs.at(-1);
    expect(row).toMatchObject({
      tool: "mcp",
      action: "list_issues",
      agent_name: "gate-tests",
      source: "mcp",
    });
    expect(JSON.stringify(state)).not.toContain(fixture.apiKey);
  });
});

describe("connectMcpGate: callTool follows Sentrail's decision", () => {
  it("returns the upstream result of an allowed call, forwarded once", async () => {
    const outcome = await gate.callTool({ name: "get_issue", arguments: { number: 3 } });
    expect(outcome).toMatchObject({
      status: "executed",
      via: "guard",
      decision: "allow",
      sideEffect: "executed",
    });
    if (outcome.status !== "executed") throw new Error("not executed");
    expect(outcome.result.content[0]).toMatchObject({ type: "text" });
    expect(outcome.auditLogId).toBeNull();
    expect(await fixture.upstreamCalls("get_issue")).toBe(1);
  });

  it("returns a blocked outcome with reason and ids, and the upstream never sees the call", async () => {
    const outcome = await gate.callTool({ name: "delete_issue", arguments: { number: 1 } });
    expect(outcome).toMatchObject({
      status: "blocked",
      decision: "block",
      reason: "Policy 'Block deletes' matched",
      sideEffect: "not_started",
      retrySafe: false,
    });
    expect(outcome.auditLogId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await fixture.upstreamCalls("delete_issue")).toBe(0);
  });

  it("waits for approval and returns Sentrail's replay result; the tool runs exactly once", async () => {
    const seen: McpGateProgress[] = [];
    const outcome = await gate.callTool(
      { name: "create_issue", arguments: { title: "Approved through the gate" } },
      { onProgress: decideWhenHeld("approved", seen) },
    );
    expect(outcome).toMatchObject({
      status: "executed",
      via: "sentrail_replay",
      decision: "require_approval",
    });
    if (outcome.status !== "executed") throw new Error("not executed");
    expect(JSON.stringify(outcome.result.content)).toContain("Approved through the gate");
    expect(outcome.approvalRequestId).toBe(seen[0]?.approvalRequestId);
    expect(seen[0]).toMatchObject({ toolName: "create_issue", polls: 0, status: null });
    expect(seen[0]?.reason).toBe("Policy 'Review MCP writes' matched");

    const state = await fixture.state();
    const creates = state.upstreamRequests.filter((row) =>
      JSON.stringify(row.body).includes("Approved through"),
    );
    expect(creates).toHaveLength(1);
    expect(state.approvalRequests.find((row) => row.id === outcome.approvalRequestId)?.status).toBe(
      "executed",
    );
  });

  it("ends denied, without the upstream ever being called", async () => {
    const outcome = await gate.callTool(
      { name: "create_issue", arguments: { title: "Denied" } },
      { onProgress: decideWhenHeld("denied") },
    );
    expect(outcome).toMatchObject({ status: "denied", sideEffect: "not_started", retrySafe: false });
    const { upstreamRequests } = await fixture.state();
    expect(JSON.stringify(upstreamRequests)).not.toContain("Denied");
  });

  it("ends expired when the approval's TTL passes during the wait", async () => {
    let advanced = false;
    const outcome = await gate.callTool(
      { name: "create_issue", arguments: { title: "Expires" } },
      {
        onProgress: () => {
          if (advanced) return;
          advanced = true;
          void fixture.advanceClock(25 * 60 * 60 * 1000);
        },
      },
    );
    expect(outcome).toMatchObject({ status: "expired", sideEffect: "not_started", retrySafe: true });
  });

  it("stops waiting when the kill switch goes on, and the held call is not replayed", async () => {
    let flipped = false;
    const outcome = await gate.callTool(
      { name: "create_issue", arguments: { title: "Stopped by the kill switch" } },
      {
        onProgress: () => {
          if (flipped) return;
          flipped = true;
          void fixture.admin.enableKillSwitch(fixture.workspaceId);
        },
      },
    );
    try {
      expect(outcome).toMatchObject({
        status: "kill_switch",
        reason: "Kill switch is active",
        retrySafe: false,
      });
      // While the switch is on, even an approval does not run the stored call (§7.5).
      if (outcome.approvalRequestId === null) throw new Error("no approval id");
      await fixture.reviewer.decideApproval({
        approvalRequestId: outcome.approvalRequestId,
        decision: "approved",
      });
      const { upstreamRequests } = await fixture.state();
      expect(JSON.stringify(upstreamRequests)).not.toContain("Stopped by the kill switch");
    } finally {
      await fixture.admin.disableKillSwitch(fixture.workspaceId);
    }
  });

  it("times out a wait nobody answers, leaving a call Sentrail may still run", async () => {
    const short = await connectMcpGate({
      apiKey: fixture.apiKey,
      url: fixture.gateUrl,
      polling: FAST_POLLING,
      approvalTimeoutMs: 50,
    });
    try {
      const outcome = await short.callTool({ name: "create_issue", arguments: { title: "Nobody looks" } });
      expect(outcome).toMatchObject({ status: "timed_out", sideEffect: "unknown", retrySafe: false });
      expect(outcome.message).toContain("Do not call it again");
    } finally {
      await short.close();
    }
  });

  it("ends aborted when the caller's signal fires during the wait", async () => {
    const controller = new AbortController();
    const outcome = await gate.callTool(
      { name: "create_issue", arguments: { title: "Cancelled" } },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    expect(outcome).toMatchObject({ status: "aborted", sideEffect: "unknown", retrySafe: false });
  });

  it("attaches a retry with the same toolCallId to the first call: one tools/call, one replay", async () => {
    const params = { name: "create_issue", arguments: { title: "Once only" } };
    const first = gate.callTool(params, { toolCallId: "call-once", onProgress: decideWhenHeld("approved") });
    const second = gate.callTool(params, { toolCallId: "call-once" });
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe("executed");
    expect(b).toEqual(a);
    const again = await gate.callTool(params, { toolCallId: "call-once" });
    expect(again.status).toBe("executed");
    const { auditLogs, upstreamRequests } = await fixture.state();
    expect(auditLogs.filter((row) => JSON.stringify(row).includes("Once only"))).toHaveLength(1);
    expect(upstreamRequests.filter((row) => JSON.stringify(row.body).includes("Once only"))).toHaveLength(1);
  });
});

describe("connectMcpGate: aborts and the kill switch", () => {
  /** Scripts the fake MCP upstream's next answer(s) through the mock's control plane. */
  async function scriptUpstream(script: Record<string, unknown>) {
    const origin = fixture.baseUrl.replace(/\/functions\/v1$/, "");
    const response = await fetch(`${origin}/__mock/upstream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tool: "mcp", ...script }),
    });
    if (!response.ok) throw new Error(`/__mock/upstream answered ${response.status}`);
  }

  it("sends no tools/call at all when the caller aborted before the call started", async () => {
    const before = await fixture.state();
    const outcome = await gate.callTool(
      { name: "delete_issue", arguments: { number: 99 } },
      { signal: AbortSignal.abort(), toolCallId: "call-pre-aborted" },
    );
    expect(outcome).toMatchObject({ status: "aborted", sideEffect: "not_started", retrySafe: true });
    const after = await fixture.state();
    expect(after.auditLogs).toHaveLength(before.auditLogs.length);
    expect(await fixture.upstreamCalls("delete_issue")).toBe(0);
  });

  it("reports an abort while tools/call is in flight as unknown, and a retry never sends it again", async () => {
    await scriptUpstream({ delayMs: 400 });
    const controller = new AbortController();
    const params = { name: "get_issue", arguments: { number: 41 } };
    setTimeout(() => controller.abort(new Error("user left")), 100);
    const outcome = await gate.callTool(params, { signal: controller.signal, toolCallId: "call-in-flight" });
    expect(outcome).toMatchObject({ status: "aborted", sideEffect: "unknown", retrySafe: false });
    expect(outcome.message).toContain("Do not retry");
    const retried = await gate.callTool(params, { toolCallId: "call-in-flight" });
    expect(retried).toMatchObject({ status: "aborted", sideEffect: "unknown" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = (await fixture.state()).auditLogs.filter((row) =>
      JSON.stringify(row).includes('"number":41'),
    );
    expect(rows).toHaveLength(1);
  });

  it("ends a held call's wait at once when another call through the gate meets the kill switch", async () => {
    const slow = await connectMcpGate({
      apiKey: fixture.apiKey,
      baseUrl: fixture.baseUrl,
      agentId: "kill-switch-reach",
      polling: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    try {
      const progress: McpGateProgress[] = [];
      const held = slow.callTool(
        { name: "create_issue", arguments: { title: "Held while the switch goes on" } },
        { onProgress: (event) => progress.push(event) },
      );
      await vi.waitUntil(() => progress.some((event) => event.polls >= 1));
      await fixture.admin.enableKillSwitch(fixture.workspaceId);
      const refused = await slow.callTool({ name: "get_issue", arguments: { number: 1 } });
      expect(refused).toMatchObject({ status: "blocked", reason: "Kill switch is active" });
      expect(await held).toMatchObject({ status: "kill_switch", wait: { polls: 1 } });
    } finally {
      await fixture.admin.disableKillSwitch(fixture.workspaceId);
      await slow.close();
    }
  });
});

describe("connectMcpGate: a held call outlives the connection", () => {
  it("resumes a held call from its handle after a restart and returns Sentrail's one replay", async () => {
    const params = { name: "create_issue", arguments: { title: "Asked before a restart" } };
    const before = await connectMcpGate({
      apiKey: fixture.apiKey,
      baseUrl: fixture.baseUrl,
      polling: FAST_POLLING,
    });
    const asked = await before.callTool(params, { approvalTimeoutMs: 0 });
    await before.close();
    expect(asked).toMatchObject({ status: "timed_out", sideEffect: "unknown", retrySafe: false });
    const handle = JSON.parse(JSON.stringify(asked.resume));
    await fixture.reviewer.decideApproval({
      approvalRequestId: handle.evaluation.approvalRequestId,
      decision: "approved",
    });
    // A new connection (a restarted process): its own guard and store, only the handle and the call.
    const after = await connectMcpGate({
      apiKey: fixture.apiKey,
      baseUrl: fixture.baseUrl,
      polling: FAST_POLLING,
    });
    try {
      await expect(
        after.resumeCall({ ...params, arguments: { title: "Something else" } }, handle),
      ).rejects.toThrow(TypeError);
      const resumed = await after.resumeCall(params, handle);
      expect(resumed).toMatchObject({ status: "executed", via: "sentrail_replay" });
      expect(await after.resumeCall(params, handle)).toEqual(resumed);
    } finally {
      await after.close();
    }
    const { auditLogs, upstreamRequests } = await fixture.state();
    expect(
      auditLogs.filter(
        (row) => row.action === "create_issue" && JSON.stringify(row).includes("Asked before a restart"),
      ),
    ).toHaveLength(1);
    expect(
      upstreamRequests.filter((row) => JSON.stringify(row.body).includes("Asked before a restart")),
    ).toHaveLength(1);
  });
});

describe("connectMcpGate: failures", () => {
  it("answers unavailable with the 424 when the workspace has no MCP server, and nothing runs", async () => {
    const unconnected = await connectMcpGate({ apiKey: fixture.unconnectedKey, baseUrl: fixture.baseUrl });
    try {
      const outcome = await unconnected.callTool({ name: "get_issue", arguments: { number: 1 } });
      expect(outcome).toMatchObject({ status: "unavailable", sideEffect: "not_started", decision: null });
      expect(SentrailError.isInstance(outcome.error) && outcome.error.status).toBe(424);
      const listing = unconnected.client.listTools();
      await expect(listing).rejects.toSatisfy(
        (error) => SentrailError.isInstance(error) && error.status === 424,
      );
    } finally {
      await unconnected.close();
    }
  });

  it("rejects the connection with SentrailAuthenticationError for a wrong key, without echoing it", async () => {
    const wrongKey = `agk_${"0".repeat(40)}`;
    const connecting = connectMcpGate({ apiKey: wrongKey, url: fixture.gateUrl });
    await expect(connecting).rejects.toSatisfy(
      (error) =>
        SentrailAuthenticationError.isInstance(error) &&
        error.status === 401 &&
        !JSON.stringify(error.toJSON()).includes(wrongKey),
    );
  });

  it("rejects with SentrailUnavailableError when nothing listens", async () => {
    const closed = await startGateFixture();
    await closed.close();
    await expect(connectMcpGate({ apiKey: closed.apiKey, url: closed.gateUrl })).rejects.toSatisfy(
      (error) => SentrailUnavailableError.isInstance(error) && error.kind === "network",
    );
  });
});
