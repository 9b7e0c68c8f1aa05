import { beforeEach, describe, expect, it } from "vitest";
import { UpstreamNetworkError } from "../upstream/upstream-types.js";
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
        name: "Require approval for PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      },
      {
        name: "Review MCP writes",
        tool: "mcp",
        actionPattern: "create_*",
        mode: "require_approval",
        priority: 50,
      },
    ],
  });
});

async function queuePullRequest(agent = "bot") {
  const { body } = await kit.call("POST", "/gateway-proxy/github/repos/owner/repo/pulls", {
    bearer: ws.keys.gateway,
    body: { title: "Fix bug", head: "fix/123", base: "main" },
    headers: { "x-agent-id": agent },
  });
  return body as { approvalRequestId: string; correlationId: string; auditLogId: string };
}

const decide = (approvalRequestId: string, decision: string, token = ws.tokens.reviewer, reason?: unknown) =>
  kit.call("POST", "/approval-decision", {
    bearer: token,
    body: { approvalRequestId, decision, ...(reason !== undefined ? { reason } : {}) },
  });

const poll = (correlationId: string) =>
  kit.call("GET", `/gateway-proxy/status/${correlationId}`, { bearer: ws.keys.gateway });

describe("approve", () => {
  it("replays the stored call with the tool token, stores the result and shows it in the poll", async () => {
    const queued = await queuePullRequest();
    kit.upstream.next({
      status: 201,
      headers: {},
      body: '{"id":15,"html_url":"https://github.com/owner/repo/pull/15","number":15}',
    });
    const { status, body } = await decide(
      queued.approvalRequestId,
      "approved",
      ws.tokens.reviewer,
      "Reviewed and looks correct",
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      status: "executed",
      executionResult: { id: 15, html_url: "https://github.com/owner/repo/pull/15", number: 15 },
      notificationQueued: true,
      notificationError: null,
    });
    expect(kit.upstream.sent).toEqual([
      {
        tool: "github",
        method: "POST",
        url: "https://api.github.com/repos/owner/repo/pulls",
        headers: { "content-type": "application/json", authorization: "Bearer gho_testtoken123456" },
        body: JSON.stringify({ title: "Fix bug", head: "fix/123", base: "main" }),
        useFake: true,
      },
    ]);
    expect((await poll(queued.correlationId)).body).toMatchObject({
      status: "executed",
      result: { id: 15, number: 15 },
    });
    const state = kit.control.state();
    expect(state.approvalRequests[0]).toMatchObject({
      status: "executed",
      reviewed_by: ws.users.reviewer,
      review_reason: "Reviewed and looks correct",
      execution_result: { id: 15 },
    });
    expect(state.deferredActions[0]).toMatchObject({ status: "executed", executed_at: expect.any(String) });
    expect(state.auditLogs.map((row) => [row.decision, row.correlation_id, row.source])).toEqual([
      ["require_approval", queued.correlationId, "gateway"],
      ["allow", queued.correlationId, "manual"],
    ]);
    expect(state.auditLogs[1]?.payload_preview).toEqual({
      reviewer: ws.users.reviewer,
      reason: "Reviewed and looks correct",
    });
    expect(state.notifications.map((row) => row.event)).toEqual(["approval_required", "approval_decided"]);
  });

  it("marks the approval failed with the tool's answer when the replay gets a non-2xx", async () => {
    const queued = await queuePullRequest();
    kit.upstream.next({ status: 422, headers: {}, body: '{"message":"Validation Failed"}' });
    const { status, body } = await decide(queued.approvalRequestId, "approved");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      status: "failed",
      executionResult: {
        error: "Tool API returned 422",
        status: 422,
        body: { message: "Validation Failed" },
      },
    });
    expect((await poll(queued.correlationId)).body).toMatchObject({
      status: "failed",
      result: { error: "Tool API returned 422" },
    });
  });

  it("answers 500 when the replay reaches nothing, and the approval is failed", async () => {
    const queued = await queuePullRequest();
    kit.upstream.next(new UpstreamNetworkError("connect ECONNREFUSED"));
    const { status, body } = await decide(queued.approvalRequestId, "approved");
    expect(status).toBe(500);
    expect(body).toEqual({ ok: false, error: "Deferred execution failed: connect ECONNREFUSED" });
    expect(kit.control.state().approvalRequests[0]?.status).toBe("failed");
    expect(kit.control.state().deferredActions[0]?.status).toBe("failed");
  });

  it("leaves an evaluate-action approval approved: nothing to replay", async () => {
    const { body: evaluated } = await kit.call("POST", "/evaluate-action", {
      bearer: ws.keys.evaluate,
      body: { tool: "github", action: "pull_request.create", riskLevel: "high" },
    });
    const { body } = await decide(evaluated.approvalRequestId, "approved");
    expect(body).toEqual({
      ok: true,
      status: "approved",
      executionResult: null,
      notificationQueued: true,
      notificationError: null,
    });
    expect((await poll(evaluated.correlationId)).body).toMatchObject({ status: "approved", result: null });
    expect(kit.upstream.sent).toEqual([]);
  });

  it("replays an MCP call and keeps the JSON-RPC result", async () => {
    const rpc = {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "create_issue", arguments: { title: "Bug" } },
    };
    const { body: queued } = await kit.call("POST", "/mcp-gate/sse", { bearer: ws.keys.mcp, body: rpc });
    const approvalRequestId = queued.result._meta.sentrail.approvalRequestId;
    const { body } = await decide(approvalRequestId, "approved");
    expect(body).toMatchObject({
      status: "executed",
      executionResult: { content: [{ type: "text", text: "ran create_issue" }] },
    });
    expect(kit.upstream.sent[0]).toMatchObject({
      tool: "mcp",
      method: "POST",
      url: "http://fake-mcp.sentrail.invalid/mcp",
      body: JSON.stringify(rpc),
      headers: { authorization: "Bearer mcp-token-123456" },
      useFake: true,
    });
  });

  it("fails an MCP replay answered with a JSON-RPC error", async () => {
    const rpc = { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "create_issue" } };
    const { body: queued } = await kit.call("POST", "/mcp-gate/sse", { bearer: ws.keys.mcp, body: rpc });
    kit.upstream.next({
      status: 200,
      headers: {},
      body: '{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"bad"}}',
    });
    const { body } = await decide(queued.result._meta.sentrail.approvalRequestId, "approved");
    expect(body).toMatchObject({
      status: "failed",
      executionResult: { error: "MCP server returned error -32602: bad", status: 200 },
    });
  });
});

describe("deny", () => {
  it("denies, audits a block row, fails the deferred action and never replays", async () => {
    const queued = await queuePullRequest();
    const { status, body } = await decide(queued.approvalRequestId, "denied", ws.tokens.admin, "No");
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      status: "denied",
      executionResult: null,
      notificationQueued: true,
      notificationError: null,
    });
    const state = kit.control.state();
    expect(state.approvalRequests[0]).toMatchObject({
      status: "denied",
      reviewed_by: ws.users.admin,
      review_reason: "No",
    });
    expect(state.deferredActions[0]?.status).toBe("failed");
    expect(state.auditLogs.map((row) => row.decision)).toEqual(["require_approval", "block"]);
    expect(kit.upstream.sent).toEqual([]);
    expect((await poll(queued.correlationId)).body).toMatchObject({ status: "denied", result: null });
  });
});

describe("ids", () => {
  it("takes the approval request id in any letter case, and the poll takes the correlation id likewise", async () => {
    const queued = await queuePullRequest();
    expect(await decide(queued.approvalRequestId.toUpperCase(), "denied")).toMatchObject({
      status: 200,
      body: { ok: true, status: "denied" },
    });
    expect((await poll(queued.correlationId.toUpperCase())).body).toMatchObject({ status: "denied" });
  });
});

describe("one decision only", () => {
  it("answers 409 to a second decision", async () => {
    const queued = await queuePullRequest();
    expect((await decide(queued.approvalRequestId, "denied")).status).toBe(200);
    const second = await decide(queued.approvalRequestId, "approved");
    expect(second).toMatchObject({
      status: 409,
      body: { ok: false, error: "Approval already has a decision" },
    });
  });

  it("lets exactly one of two concurrent decisions win; the other gets 409 and nothing runs twice", async () => {
    for (let round = 0; round < 5; round++) {
      const queued = await queuePullRequest();
      kit.upstream.sent.length = 0;
      const results = await Promise.all([
        decide(queued.approvalRequestId, "approved"),
        decide(queued.approvalRequestId, round % 2 ? "denied" : "approved", ws.tokens.owner),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
      expect(kit.upstream.sent.length).toBeLessThanOrEqual(1);
    }
  });
});

describe("expiry", () => {
  it("expires a pending approval after the TTL on the mock clock: poll shows expired, a decision gets 409", async () => {
    kit.control.clock({ set: "2030-01-01T00:00:00.000Z" });
    const queued = await queuePullRequest();
    expect(kit.control.state().approvalRequests[0]?.expires_at).toBe("2030-01-02T00:00:00.000Z");
    kit.control.clock({ advanceMs: 24 * 3_600_000 - 1 });
    expect((await poll(queued.correlationId)).body.status).toBe("pending");
    kit.control.clock({ advanceMs: 1 });
    expect((await decide(queued.approvalRequestId, "approved")).status).toBe(409);
    expect((await poll(queued.correlationId)).body).toMatchObject({ status: "expired", result: null });
    expect(kit.control.state().deferredActions[0]?.status).toBe("expired");
    expect(kit.upstream.sent).toEqual([]);
  });

  it("uses the workspace's approvalTtlHours", async () => {
    const kit2 = createHandlerTestKit();
    const ws2 = await kit2.seedWorkspace({ workspace: { settings: { approvalTtlHours: 1 } } });
    kit2.control.clock({ set: "2030-01-01T00:00:00.000Z" });
    await kit2.call("POST", "/evaluate-action", {
      bearer: ws2.keys.evaluate,
      body: { tool: "slack", action: "x", riskLevel: "low" },
    });
    expect(kit2.control.state().approvalRequests[0]?.expires_at).toBe("2030-01-01T01:00:00.000Z");
    kit2.control.clock({ advanceMs: 3_600_000 });
    expect(kit2.control.state().approvalRequests[0]?.status).toBe("expired");
  });
});

describe("re-checks before replay", () => {
  it("refuses to replay while the kill switch is on: failed, allow then block audit rows, no later execution", async () => {
    const queued = await queuePullRequest();
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.admin,
      body: { workspaceId: ws.workspaceId, action: "enable" },
    });
    const { status, body } = await decide(queued.approvalRequestId, "approved");
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, status: "failed", executionResult: null });
    const state = kit.control.state();
    expect(state.approvalRequests[0]?.execution_result).toEqual({ error: "Kill switch is active" });
    expect(
      state.auditLogs
        .filter((row) => row.correlation_id === queued.correlationId)
        .map((row) => [row.decision, row.reason]),
    ).toEqual([
      ["require_approval", "Policy 'Require approval for PRs' matched"],
      ["allow", "Approved by reviewer"],
      ["block", "Kill switch is active"],
    ]);
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.admin,
      body: { workspaceId: ws.workspaceId, action: "disable" },
    });
    expect((await poll(queued.correlationId)).body.status).toBe("failed");
    expect(kit.upstream.sent).toEqual([]);
  });

  it("refuses to replay while the tool is paused", async () => {
    const queued = await queuePullRequest();
    await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.owner,
      body: { workspaceId: ws.workspaceId, action: "pause_tool", tool: "github" },
    });
    const { body } = await decide(queued.approvalRequestId, "approved");
    expect(body).toMatchObject({ status: "failed", executionResult: null });
    expect(kit.control.state().approvalRequests[0]?.execution_result).toEqual({
      error: "Tool github is paused",
    });
    expect(kit.upstream.sent).toEqual([]);
  });

  it("refuses a tampered action: action_hash_mismatch, failed for good", async () => {
    const queued = await queuePullRequest();
    kit.control.tamperDeferredAction(queued.approvalRequestId, { body: '{"title":"something else"}' });
    const { body } = await decide(queued.approvalRequestId, "approved");
    expect(body).toMatchObject({ status: "failed", executionResult: { error: "Action hash mismatch" } });
    const mismatch = kit.control.state().auditLogs.find((row) => row.action === "action_hash_mismatch");
    expect(mismatch).toMatchObject({
      decision: "error",
      risk_level: "critical",
      correlation_id: queued.correlationId,
    });
    expect(kit.upstream.sent).toEqual([]);
    expect((await decide(queued.approvalRequestId, "approved")).status).toBe(409);
  });
});

describe("validation and roles (405 → 401 → 400 → 404 → 403 → 409)", () => {
  it("checks each in order with the contract's messages", async () => {
    const queued = await queuePullRequest();
    expect((await kit.call("GET", "/approval-decision")).status).toBe(405);
    expect((await kit.call("POST", "/approval-decision", { rawBody: "{" })).body).toEqual({
      ok: false,
      error: "Not authenticated",
    });
    expect((await decide(queued.approvalRequestId, "approved", ws.keys.all)).status).toBe(401);
    expect(
      (await kit.call("POST", "/approval-decision", { bearer: ws.tokens.member, rawBody: "{" })).body,
    ).toEqual({
      ok: false,
      error: "Invalid JSON body",
    });
    expect((await decide("not-a-uuid", "approved", ws.tokens.member)).body).toEqual({
      ok: false,
      error: "approvalRequestId must be a UUID",
    });
    expect((await decide(queued.approvalRequestId, "maybe", ws.tokens.member)).body).toEqual({
      ok: false,
      error: "decision must be approved or denied",
    });
    expect((await decide(queued.approvalRequestId, "approved", ws.tokens.member, 42)).body).toEqual({
      ok: false,
      error: "reason must be a string",
    });
    const missing = await decide(crypto.randomUUID(), "approved", ws.tokens.member);
    expect(missing).toMatchObject({ status: 404, body: { ok: false, error: "Approval request not found" } });
    const outsider = kit.control.token(crypto.randomUUID());
    expect((await decide(queued.approvalRequestId, "approved", outsider)).status).toBe(404);
    const member = await decide(queued.approvalRequestId, "approved", ws.tokens.member);
    expect(member).toMatchObject({ status: 403, body: { ok: false, error: "Reviewer role required" } });
    expect(kit.control.state().approvalRequests[0]?.status).toBe("pending");
  });
});
