import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
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
      { name: "Flag branch deletes", tool: "github", actionPattern: "delete", mode: "block", priority: 5 },
      {
        name: "Watch PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 10,
      },
      { name: "Allow linear", tool: "linear", actionPattern: "*", mode: "allow", priority: 10 },
    ],
  });
});

const hmac = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

function github(event: string, payload: unknown, secret = "gh-secret") {
  const rawBody = JSON.stringify(payload);
  return kit.call("POST", "/webhook-github", {
    rawBody,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-hub-signature-256": `sha256=${hmac(secret, rawBody)}`,
    },
  });
}

function linear(payload: Record<string, unknown>, secret = "lin-secret") {
  const rawBody = JSON.stringify(payload);
  return kit.call("POST", "/webhook-linear", {
    rawBody,
    headers: { "content-type": "application/json", "linear-signature": hmac(secret, rawBody) },
  });
}

describe("POST /webhook-github", () => {
  it("verifies the signature, evaluates observationally and audits with source webhook", async () => {
    const { status, body } = await github("pull_request", {
      action: "opened",
      repository: { full_name: "octo/app" },
      sender: { login: "alice" },
    });
    const state = kit.control.state();
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      processed: true,
      decision: "require_approval",
      auditLogId: state.auditLogs[0]?.id,
      correlationId: state.auditLogs[0]?.correlation_id,
    });
    expect(state.auditLogs[0]).toMatchObject({
      tool: "github",
      action: "pull_request.opened",
      risk_level: "medium",
      source: "webhook",
      requested_by: "alice",
    });
    expect(state.approvalRequests).toEqual([]);
    expect(state.webhookEvents).toEqual([
      expect.objectContaining({
        provider: "github",
        workspace_id: ws.workspaceId,
        event_type: "pull_request",
        processed: true,
      }),
    ]);
  });

  it("rates delete/force/destroy high, read-only events low, and fires rogueAction on a block", async () => {
    await github("delete", { ref: "feature", repository: { full_name: "octo/app" } });
    await github("star", { action: "created", repository: { full_name: "octo/app" } });
    await github("issues", { action: "deleted", repository: { full_name: "octo/app" } });
    const rows = kit.control.state().auditLogs;
    expect(rows.map((row) => [row.action, row.risk_level, row.decision])).toEqual([
      ["delete", "high", "block"],
      ["star.created", "low", "require_approval"],
      ["issues.deleted", "high", "require_approval"],
    ]);
    expect(kit.control.state().notifications.filter((row) => row.event === "rogue_action")).toHaveLength(1);
  });

  it("matches by organization login too", async () => {
    const kit2 = createHandlerTestKit();
    await kit2.seedWorkspace({
      toolConnections: [
        { tool: "github", config: { access_token: "t", org: "octo-org", webhook_secret: "s2" } },
      ],
    });
    const rawBody = JSON.stringify({
      action: "created",
      organization: { login: "octo-org" },
      repository: { full_name: "octo-org/x" },
    });
    const { body } = await kit2.call("POST", "/webhook-github", {
      rawBody,
      headers: { "x-github-event": "repository", "x-hub-signature-256": `sha256=${hmac("s2", rawBody)}` },
    });
    expect(body.processed).toBe(true);
  });

  it("rejects a bad signature with 401 and stores nothing", async () => {
    expect(await github("push", { repository: { full_name: "octo/app" } }, "wrong")).toMatchObject({
      status: 401,
      body: { ok: false, error: "Invalid signature" },
    });
    const missing = await kit.call("POST", "/webhook-github", {
      rawBody: JSON.stringify({ repository: { full_name: "octo/app" } }),
      headers: { "x-github-event": "push" },
    });
    expect(missing.status).toBe(401);
    expect(kit.control.state().webhookEvents).toEqual([]);
    expect(kit.control.state().auditLogs).toEqual([]);
  });

  it("stores unmatched events unprocessed, and answers ping unprocessed", async () => {
    expect((await github("push", { repository: { full_name: "someone/else" } }, "anything")).body).toEqual({
      ok: true,
      processed: false,
    });
    expect(
      (await github("ping", { zen: "Keep it logically awesome.", repository: { full_name: "octo/app" } }))
        .body,
    ).toEqual({ ok: true, processed: false });
    expect(kit.control.state().webhookEvents.map((row) => [row.workspace_id, row.processed])).toEqual([
      [null, false],
      [ws.workspaceId, false],
    ]);
    expect(kit.control.state().auditLogs).toEqual([]);
  });

  it("refuses a body that is not JSON and methods other than POST", async () => {
    expect((await kit.call("POST", "/webhook-github", { rawBody: "nope" })).body).toEqual({
      ok: false,
      error: "Invalid JSON body",
    });
    expect((await kit.call("GET", "/webhook-github")).status).toBe(405);
  });
});

describe("POST /webhook-linear", () => {
  it("verifies, checks the timestamp against the mock clock, and evaluates", async () => {
    kit.control.clock({ set: "2030-01-01T00:10:00.000Z" });
    const { body } = await linear({
      action: "remove",
      type: "Issue",
      organizationId: "org-1",
      data: { id: "ISS-1", teamId: "team-1" },
      webhookTimestamp: Date.parse("2030-01-01T00:05:00.000Z"),
    });
    expect(body).toMatchObject({ ok: true, processed: true, decision: "allow" });
    expect(kit.control.state().auditLogs[0]).toMatchObject({
      tool: "linear",
      action: "issue.remove",
      risk_level: "high",
      resource_id: "ISS-1",
      source: "webhook",
    });
  });

  it("rejects timestamps older than 5 minutes or missing", async () => {
    kit.control.clock({ set: "2030-01-01T00:10:00.000Z" });
    const old = await linear({
      action: "create",
      type: "Issue",
      organizationId: "org-1",
      webhookTimestamp: Date.parse("2030-01-01T00:04:59.999Z"),
    });
    expect(old).toMatchObject({ status: 401, body: { ok: false, error: "Webhook timestamp too old" } });
    expect((await linear({ action: "create", type: "Issue", organizationId: "org-1" })).status).toBe(401);
  });

  it("rejects a bad signature before looking at the timestamp", async () => {
    const { status, body } = await linear(
      { action: "create", type: "Issue", organizationId: "org-1", webhookTimestamp: 0 },
      "wrong",
    );
    expect(status).toBe(401);
    expect(body).toEqual({ ok: false, error: "Invalid signature" });
  });

  it("matches on organization and, when configured, team", async () => {
    const kit2 = createHandlerTestKit();
    await kit2.seedWorkspace({
      toolConnections: [
        { tool: "linear", config: { organization_id: "org-2", team_id: "team-a", webhook_secret: "s" } },
      ],
    });
    const send = (payload: object) => {
      const rawBody = JSON.stringify({
        action: "update",
        type: "Comment",
        organizationId: "org-2",
        webhookTimestamp: Date.now(),
        ...payload,
      });
      return kit2.call("POST", "/webhook-linear", {
        rawBody,
        headers: { "linear-signature": hmac("s", rawBody) },
      });
    };
    expect((await send({ data: { teamId: "team-b" } })).body).toEqual({ ok: true, processed: false });
    expect((await send({ data: { teamId: "team-a" } })).body).toMatchObject({ processed: true });
    expect(kit2.control.state().auditLogs[0]).toMatchObject({
      action: "comment.update",
      risk_level: "medium",
    });
  });
});

describe("webhooks under hostile input", () => {
  it("stores an unmatched 8 MiB delivery truncated like a payload preview, not whole", async () => {
    const rawBody = JSON.stringify({
      repository: { full_name: "nobody/else" },
      blob: "x".repeat(8 * 1024 * 1024 - 64),
    });
    const answer = await kit.call("POST", "/webhook-github", {
      rawBody,
      headers: { "x-github-event": "e".repeat(100_000) },
    });
    expect(answer.body).toEqual({ ok: true, processed: false });
    const [event] = kit.control.state().webhookEvents;
    expect(event?.payload).toMatchObject({ _truncated: true, _originalBytes: rawBody.length });
    expect(JSON.stringify(event).length).toBeLessThan(2_600);
  });

  it("refuses JSON nested 5,000 levels with 400 before storing it, and /__mock/state stays readable", async () => {
    for (const path of ["/webhook-github", "/webhook-linear"]) {
      const rawBody = `{"a":${"[".repeat(5_000)}${"]".repeat(5_000)}}`;
      const answer = await kit.call("POST", path, { rawBody, headers: { "x-github-event": "push" } });
      expect(answer).toMatchObject({ status: 400, body: { ok: false, error: "Invalid JSON body" } });
    }
    expect(kit.control.state().webhookEvents).toEqual([]);
    expect((await kit.call("GET", "/__mock/state")).status).toBe(200);
  });

  it("refuses Linear timestamps more than 5 minutes in the future, by the mock clock, like verifyLinearSignature", async () => {
    kit.control.clock({ set: "2030-01-01T00:00:00.000Z" });
    const now = Date.parse("2030-01-01T00:00:00.000Z");
    const event = (webhookTimestamp: number) => ({
      action: "create",
      type: "Issue",
      organizationId: "org-1",
      webhookTimestamp,
    });
    for (const future of [now + 365 * 86_400_000, 1e300, now + 300_001]) {
      expect(await linear(event(future))).toMatchObject({
        status: 401,
        body: { ok: false, error: "Webhook timestamp too old" },
      });
    }
    expect((await linear(event(now + 300_000))).body).toMatchObject({ processed: true });
    expect((await linear(event(now - 300_000))).body).toMatchObject({ processed: true });
    expect((await linear(event(now - 300_001))).status).toBe(401);
  });
});
