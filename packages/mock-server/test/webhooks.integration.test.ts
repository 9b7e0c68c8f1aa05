import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;
let workspace: SeededWorkspace;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(async () => {
  server = await startTestServer();
  workspace = await server.seedWorkspace({
    policies: [
      {
        name: "Block deletions",
        tool: "github",
        actionPattern: "issues.deleted",
        mode: "block",
        priority: 100,
      },
      {
        name: "Review PR merges",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      },
      { name: "Allow everything", tool: "*", actionPattern: "*", mode: "allow", priority: 900 },
    ],
  });
});

afterAll(async () => {
  await server?.close();
});

function hmacHex(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

function githubHook(event: string, payload: Record<string, unknown>, signature?: string) {
  const body = JSON.stringify(payload);
  return server.call("POST", "/webhook-github", {
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      "x-hub-signature-256": signature ?? `sha256=${hmacHex(workspace.githubWebhookSecret, body)}`,
    },
  });
}

async function linearHook(payload: Record<string, unknown>, signature?: (body: string) => string) {
  const body = JSON.stringify(payload);
  return server.call("POST", "/webhook-linear", {
    body,
    headers: {
      "content-type": "application/json",
      "linear-signature": signature ? signature(body) : hmacHex(workspace.linearWebhookSecret, body),
    },
  });
}

async function mockNowMs(): Promise<number> {
  return Date.parse((await server.state()).now);
}

describe("webhook-github", () => {
  it("verifies the signature, evaluates the event and audits it with source webhook", async () => {
    const { status, body } = await githubHook("issues", {
      action: "opened",
      repository: { full_name: workspace.repo },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      processed: true,
      decision: "allow",
      auditLogId: expect.stringMatching(UUID),
      correlationId: expect.stringMatching(UUID),
    });
    const state = await server.state();
    expect(state.auditLogs.find((row: { id: string }) => row.id === body.auditLogId)).toMatchObject({
      workspace_id: workspace.workspaceId,
      tool: "github",
      action: "issues.opened",
      risk_level: "medium",
      source: "webhook",
      correlation_id: body.correlationId,
    });
    expect(state.webhookEvents.at(-1)).toMatchObject({
      workspace_id: workspace.workspaceId,
      provider: "github",
      processed: true,
    });
  });

  it.each([
    ["issues", "deleted", "issues.deleted", "high"],
    ["delete", undefined, "delete", "high"],
    ["push", "forced", "push.forced", "high"],
    ["issue_comment", "created", "issue_comment.created", "medium"],
  ])("classifies %s/%s as %s (%s)", async (event, action, expected, risk) => {
    const { body } = await githubHook(event, {
      ...(action ? { action } : {}),
      repository: { full_name: workspace.repo },
    });
    const row = (await server.state()).auditLogs.find(
      (audit: { id: string }) => audit.id === body.auditLogId,
    );
    expect(row).toMatchObject({ action: expected, risk_level: risk });
  });

  it("only records a block or require_approval: no approval request, a rogue_action notification for the block", async () => {
    const before = await server.state();
    const blocked = await githubHook("issues", {
      action: "deleted",
      repository: { full_name: workspace.repo },
    });
    const review = await githubHook("pull_request", {
      action: "opened",
      repository: { full_name: workspace.repo },
    });
    expect(blocked.body).toMatchObject({ processed: true, decision: "block" });
    expect(review.body).toMatchObject({ processed: true, decision: "require_approval" });
    const after = await server.state();
    expect(after.approvalRequests.length).toBe(before.approvalRequests.length);
    const rogue = after.notifications
      .slice(before.notifications.length)
      .filter((row: { event: string }) => row.event === "rogue_action");
    expect(rogue.length).toBeGreaterThan(0);
  });

  it.each([
    ["a wrong secret", () => `sha256=${hmacHex("wrong-secret", "{}")}`],
    ["no sha256= prefix", (body: string) => hmacHex(workspace.githubWebhookSecret, body)],
    ["garbage", () => "sha256=zz"],
    ["an empty header", () => ""],
  ])("answers 401 Invalid signature for %s", async (_case, signature) => {
    const payload = { action: "opened", repository: { full_name: workspace.repo } };
    const { status, body } = await githubHook("issues", payload, signature(JSON.stringify(payload)));
    expect(status).toBe(401);
    expect(body).toEqual({ ok: false, error: "Invalid signature" });
  });

  it("stores an event for an unknown repository unprocessed, with no workspace", async () => {
    const { status, body } = await githubHook(
      "issues",
      { action: "opened", repository: { full_name: "nobody/nothing" } },
      "sha256=00",
    );
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, processed: false });
    expect((await server.state()).webhookEvents.at(-1)).toMatchObject({
      workspace_id: null,
      processed: false,
      provider: "github",
    });
  });

  it("answers ping events without evaluating", async () => {
    const before = (await server.state()).auditLogs.length;
    const { body } = await githubHook("ping", {
      zen: "Keep it logically awesome.",
      repository: { full_name: workspace.repo },
    });
    expect(body).toEqual({ ok: true, processed: false });
    expect((await server.state()).auditLogs.length).toBe(before);
  });
});

describe("webhook-linear", () => {
  it("verifies the hex signature and a fresh timestamp, then evaluates type.action", async () => {
    const payload = {
      action: "create",
      type: "Issue",
      organizationId: workspace.linearOrganizationId,
      data: { id: "issue-1", teamId: "team-1", title: "Bug" },
      webhookTimestamp: await mockNowMs(),
    };
    const { status, body } = await linearHook(payload);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, processed: true, decision: "allow" });
    const row = (await server.state()).auditLogs.find(
      (audit: { id: string }) => audit.id === body.auditLogId,
    );
    expect(row).toMatchObject({
      tool: "linear",
      action: "issue.create",
      risk_level: "medium",
      source: "webhook",
    });
  });

  it("rates remove events high", async () => {
    const { body } = await linearHook({
      action: "remove",
      type: "Issue",
      organizationId: workspace.linearOrganizationId,
      data: { id: "issue-1", teamId: "team-1" },
      webhookTimestamp: await mockNowMs(),
    });
    const row = (await server.state()).auditLogs.find(
      (audit: { id: string }) => audit.id === body.auditLogId,
    );
    expect(row).toMatchObject({ action: "issue.remove", risk_level: "high" });
  });

  it("refuses an event older than 5 minutes on the mock clock, or without a timestamp", async () => {
    const base = {
      action: "create",
      type: "Issue",
      organizationId: workspace.linearOrganizationId,
      data: { teamId: "team-1" },
    };
    const old = await linearHook({ ...base, webhookTimestamp: (await mockNowMs()) - 300_001 });
    expect(old).toMatchObject({ status: 401, body: { ok: false, error: "Webhook timestamp too old" } });
    const missing = await linearHook(base);
    expect(missing).toMatchObject({ status: 401, body: { ok: false, error: "Webhook timestamp too old" } });
  });

  it("answers 401 Invalid signature for a wrong signature", async () => {
    const payload = {
      action: "create",
      type: "Issue",
      organizationId: workspace.linearOrganizationId,
      data: { teamId: "team-1" },
      webhookTimestamp: await mockNowMs(),
    };
    const { status, body } = await linearHook(payload, (text) => hmacHex("wrong", text));
    expect(status).toBe(401);
    expect(body).toEqual({ ok: false, error: "Invalid signature" });
  });
});

describe("webhooks: secrets", () => {
  it("leaves no API key, access token or webhook secret in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
