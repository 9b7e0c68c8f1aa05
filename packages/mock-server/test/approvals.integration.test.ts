import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;

const REQUIRE_PR_APPROVAL = [
  {
    name: "Require approval for PRs",
    tool: "github",
    actionPattern: "pull_request.*",
    mode: "require_approval",
    priority: 50,
  },
  { name: "Allow the rest", tool: "*", actionPattern: "*", mode: "allow", priority: 900 },
];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

/** Queues one gateway pull request for approval and returns the 202 body. */
async function queuePullRequest(workspace: SeededWorkspace, title = "Fix bug") {
  const { status, body } = await server.call("POST", `/gateway-proxy/github/repos/${workspace.repo}/pulls`, {
    bearer: workspace.keys.gateway,
    body: { title, head: "fix/123", base: "main" },
    headers: { "x-agent-id": "my-coding-agent" },
  });
  expect(status).toBe(202);
  return body as { approvalRequestId: string; correlationId: string; auditLogId: string };
}

function decide(token: string, approvalRequestId: string, decision: string, reason?: string) {
  return server.call("POST", "/approval-decision", {
    bearer: token,
    body: { approvalRequestId, decision, reason },
  });
}

function poll(workspace: SeededWorkspace, correlationId: string) {
  return server.call("GET", `/gateway-proxy/status/${correlationId}`, { bearer: workspace.keys.gateway });
}

async function upstreamCallsFor(title: string) {
  const state = await server.state();
  return state.upstreamRequests.filter(
    (row: { body: { title?: string } | null }) =>
      row.body !== null && typeof row.body === "object" && row.body.title === title,
  );
}

describe("approve", () => {
  it("replays the stored call once, answers executed with the tool response, and the poll shows it", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace, "Replay me");
    expect(await upstreamCallsFor("Replay me")).toHaveLength(0);

    const { status, body } = await decide(
      workspace.tokens.reviewer,
      queued.approvalRequestId,
      "approved",
      "Looks good",
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      status: "executed",
      executionResult: expect.objectContaining({ title: "Replay me", number: expect.any(Number) }),
      notificationQueued: true,
      notificationError: null,
    });
    expect(body.executionResult.html_url).toBe(
      `https://github.com/${workspace.repo}/pull/${body.executionResult.number}`,
    );
    const calls = await upstreamCallsFor("Replay me");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: "POST",
      url: `https://api.github.com/repos/${workspace.repo}/pulls`,
    });
    expect(calls[0].headers.authorization).toBe("[redacted]");

    const polled = await poll(workspace, queued.correlationId);
    expect(polled.body).toMatchObject({
      ok: true,
      status: "executed",
      decision: "require_approval",
      result: body.executionResult,
    });

    const state = await server.state();
    const approval = state.approvalRequests.find(
      (row: { id: string }) => row.id === queued.approvalRequestId,
    );
    expect(approval).toMatchObject({
      status: "executed",
      reviewed_by: workspace.users.reviewer,
      review_reason: "Looks good",
      execution_result: body.executionResult,
    });
    expect(approval.reviewed_at).toEqual(expect.any(String));
    const deferred = state.deferredActions.find(
      (row: { correlation_id: string }) => row.correlation_id === queued.correlationId,
    );
    expect(deferred.status).toBe("executed");
    const rows = state.auditLogs.filter(
      (row: { correlation_id: string }) => row.correlation_id === queued.correlationId,
    );
    expect(rows.map((row: { decision: string }) => row.decision)).toEqual(["require_approval", "allow"]);
    expect(rows[1]).toMatchObject({
      source: "manual",
      payload_preview: { reviewer: workspace.users.reviewer, reason: "Looks good" },
    });
  });

  it("marks the approval failed with the documented result when the replay gets a non-2xx answer", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace);
    await server.scriptUpstream({ tool: "github", status: 422, body: { message: "Validation Failed" } });
    const { status, body } = await decide(workspace.tokens.admin, queued.approvalRequestId, "approved");
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
    const polled = await poll(workspace, queued.correlationId);
    expect(polled.body).toMatchObject({ status: "failed", result: body.executionResult });
  });

  it("answers 500 Deferred execution failed when the replay cannot reach the tool, and the approval is failed", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace);
    await server.scriptUpstream({ tool: "github", networkError: true });
    const { status, body } = await decide(workspace.tokens.owner, queued.approvalRequestId, "approved");
    expect(status).toBe(500);
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/^Deferred execution failed: /);
    expect((await poll(workspace, queued.correlationId)).body.status).toBe("failed");
    const again = await decide(workspace.tokens.owner, queued.approvalRequestId, "approved");
    expect(again.status).toBe(409);
  });

  it("does not replay while the kill switch is on: failed, null result, an extra block row", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace, "Held by kill switch");
    const enabled = await server.call("POST", "/kill-switch", {
      bearer: workspace.tokens.admin,
      body: { workspaceId: workspace.workspaceId, action: "enable" },
    });
    expect(enabled.body).toEqual({ ok: true });
    const { status, body } = await decide(workspace.tokens.reviewer, queued.approvalRequestId, "approved");
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, status: "failed", executionResult: null });
    expect(await upstreamCallsFor("Held by kill switch")).toHaveLength(0);
    const state = await server.state();
    const approval = state.approvalRequests.find(
      (row: { id: string }) => row.id === queued.approvalRequestId,
    );
    // §4.5: nothing reached the tool, so the stored result is exactly the refusal.
    expect(approval.execution_result).toEqual({ error: "Kill switch is active" });
    const rows = state.auditLogs.filter(
      (row: { correlation_id: string }) => row.correlation_id === queued.correlationId,
    );
    expect(rows.at(-1)).toMatchObject({ decision: "block", reason: "Kill switch is active" });
    // Disabling the switch later does not execute it.
    await server.call("POST", "/kill-switch", {
      bearer: workspace.tokens.admin,
      body: { workspaceId: workspace.workspaceId, action: "disable" },
    });
    expect(await upstreamCallsFor("Held by kill switch")).toHaveLength(0);
    expect((await poll(workspace, queued.correlationId)).body.status).toBe("failed");
  });

  it("does not replay while the approval's tool is paused", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace, "Held by pause");
    await server.call("POST", "/kill-switch", {
      bearer: workspace.tokens.owner,
      body: { workspaceId: workspace.workspaceId, action: "pause_tool", tool: "github" },
    });
    const { body } = await decide(workspace.tokens.reviewer, queued.approvalRequestId, "approved");
    expect(body).toMatchObject({ status: "failed", executionResult: null });
    expect(await upstreamCallsFor("Held by pause")).toHaveLength(0);
    const approval = (await server.state()).approvalRequests.find(
      (row: { id: string }) => row.id === queued.approvalRequestId,
    );
    expect(approval.execution_result).toEqual({ error: "Tool github is paused" });
  });

  it("leaves an evaluate-action approval at approved: nothing to replay", async () => {
    const workspace = await server.seedWorkspace();
    const evaluated = await server.call("POST", "/evaluate-action", {
      bearer: workspace.keys.evaluate,
      body: { tool: "internal_api", action: "deploy", riskLevel: "high" },
    });
    const { body } = await decide(workspace.tokens.reviewer, evaluated.body.approvalRequestId, "approved");
    expect(body).toMatchObject({ ok: true, status: "approved", executionResult: null });
    const polled = await server.call("GET", `/gateway-proxy/status/${evaluated.body.correlationId}`, {
      bearer: workspace.keys.evaluate,
    });
    expect(polled.body).toMatchObject({ status: "approved", result: null });
  });
});

describe("deny", () => {
  it("denies without replaying, fails the deferred action and writes a block row", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace, "Denied one");
    const { status, body } = await decide(
      workspace.tokens.reviewer,
      queued.approvalRequestId,
      "denied",
      "Not now",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, status: "denied", executionResult: null });
    expect(await upstreamCallsFor("Denied one")).toHaveLength(0);
    const state = await server.state();
    expect(
      state.deferredActions.find(
        (row: { correlation_id: string }) => row.correlation_id === queued.correlationId,
      ).status,
    ).toBe("failed");
    const rows = state.auditLogs.filter(
      (row: { correlation_id: string }) => row.correlation_id === queued.correlationId,
    );
    expect(rows.map((row: { decision: string }) => row.decision)).toEqual(["require_approval", "block"]);
    expect((await poll(workspace, queued.correlationId)).body).toMatchObject({
      status: "denied",
      result: null,
    });
  });
});

describe("the state machine", () => {
  it("answers 409 to a second decision", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace);
    expect((await decide(workspace.tokens.reviewer, queued.approvalRequestId, "denied")).status).toBe(200);
    for (const decision of ["approved", "denied"]) {
      const again = await decide(workspace.tokens.reviewer, queued.approvalRequestId, decision);
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ ok: false, error: "Approval already has a decision" });
    }
  });

  it("accepts exactly one of two simultaneous decisions and replays once", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace, "Raced");
    await server.scriptUpstream({
      tool: "github",
      status: 201,
      body: { id: 1, number: 1, title: "Raced" },
      delayMs: 50,
    });
    const answers = await Promise.all([
      decide(workspace.tokens.reviewer, queued.approvalRequestId, "approved"),
      decide(workspace.tokens.admin, queued.approvalRequestId, "approved"),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await upstreamCallsFor("Raced")).toHaveLength(1);
    const rows = (await server.state()).auditLogs.filter(
      (row: { correlation_id: string }) => row.correlation_id === queued.correlationId,
    );
    expect(rows).toHaveLength(2);
  });

  it("accepts exactly one of an approve and a deny sent together", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const queued = await queuePullRequest(workspace, "Approve or deny");
    const answers = await Promise.all([
      decide(workspace.tokens.reviewer, queued.approvalRequestId, "denied"),
      decide(workspace.tokens.admin, queued.approvalRequestId, "approved"),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200);
    expect((await upstreamCallsFor("Approve or deny")).length).toBe(
      winner?.body.status === "executed" ? 1 : 0,
    );
  });

  it("expires a pending approval after its TTL on the mock clock, then refuses decisions with 409", async () => {
    const workspace = await server.seedWorkspace({
      policies: REQUIRE_PR_APPROVAL,
      settings: { approvalTtlHours: 1 },
    });
    const queued = await queuePullRequest(workspace, "Expires");
    await server.advanceClock(30 * 60_000);
    expect((await poll(workspace, queued.correlationId)).body.status).toBe("pending");
    await server.advanceClock(31 * 60_000);
    expect((await poll(workspace, queued.correlationId)).body).toMatchObject({
      status: "expired",
      result: null,
    });
    const decision = await decide(workspace.tokens.reviewer, queued.approvalRequestId, "approved");
    expect(decision).toMatchObject({
      status: 409,
      body: { ok: false, error: "Approval already has a decision" },
    });
    expect(await upstreamCallsFor("Expires")).toHaveLength(0);
    const state = await server.state();
    expect(
      state.deferredActions.find(
        (row: { correlation_id: string }) => row.correlation_id === queued.correlationId,
      ).status,
    ).toBe("expired");
  });

  it("marks an expired approval expired even when the first thing to look is the decision", async () => {
    const workspace = await server.seedWorkspace({
      policies: REQUIRE_PR_APPROVAL,
      settings: { approvalTtlHours: 1 },
    });
    const queued = await queuePullRequest(workspace);
    await server.advanceClock(2 * 3_600_000);
    expect((await decide(workspace.tokens.reviewer, queued.approvalRequestId, "approved")).status).toBe(409);
    const approval = (await server.state()).approvalRequests.find(
      (row: { id: string }) => row.id === queued.approvalRequestId,
    );
    expect(approval.status).toBe("expired");
  });
});

describe("approval-decision errors", () => {
  let workspace: SeededWorkspace;
  let queued: { approvalRequestId: string };

  beforeAll(async () => {
    workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    queued = await queuePullRequest(workspace);
  });

  it.each([
    [{ approvalRequestId: "not-a-uuid", decision: "approved" }, "approvalRequestId must be a UUID"],
    [{ decision: "approved" }, "approvalRequestId must be a UUID"],
    [
      { approvalRequestId: "00000000-0000-4000-8000-000000000000", decision: "maybe" },
      "decision must be approved or denied",
    ],
  ])("answers 400 for %j", async (body, error) => {
    const answer = await server.call("POST", "/approval-decision", {
      bearer: workspace.tokens.reviewer,
      body,
    });
    expect(answer).toMatchObject({ status: 400, body: { ok: false, error } });
  });

  it("answers 403 Reviewer role required to a member", async () => {
    const answer = await decide(workspace.tokens.member, queued.approvalRequestId, "approved");
    expect(answer).toMatchObject({ status: 403, body: { ok: false, error: "Reviewer role required" } });
  });

  it("answers 404 for an unknown id and for another workspace's approval", async () => {
    const other = await server.seedWorkspace();
    for (const [token, id] of [
      [workspace.tokens.reviewer, "00000000-0000-4000-8000-000000000000"],
      [other.tokens.owner, queued.approvalRequestId],
    ] as const) {
      const answer = await decide(token, id, "approved");
      expect(answer).toMatchObject({ status: 404, body: { ok: false, error: "Approval request not found" } });
    }
  });

  it("answers 405 to GET", async () => {
    const answer = await server.call("GET", "/approval-decision", { bearer: workspace.tokens.reviewer });
    expect(answer).toMatchObject({ status: 405, body: { ok: false, error: "Method not allowed" } });
  });
});

describe("approvals: audit invariants and secrets", () => {
  it("never changes an audit row once written, through a whole lifecycle", async () => {
    const workspace = await server.seedWorkspace({ policies: REQUIRE_PR_APPROVAL });
    const before = (await server.state()).auditLogs;
    const queued = await queuePullRequest(workspace);
    await decide(workspace.tokens.reviewer, queued.approvalRequestId, "approved");
    await server.call("POST", "/kill-switch", {
      bearer: workspace.tokens.admin,
      body: { workspaceId: workspace.workspaceId, action: "enable" },
    });
    await server.advanceClock(48 * 3_600_000);
    const after = (await server.state()).auditLogs;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + 3);
  });

  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
