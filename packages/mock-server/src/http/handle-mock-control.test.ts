import { describe, expect, it, vi } from "vitest";
import { createHandlerTestKit } from "./create-handler-test-kit.js";

describe("/__mock control plane", () => {
  it("seeds over HTTP and answers ids and tokens; a bad seed is refused whole with 400", async () => {
    const kit = createHandlerTestKit();
    const seeded = await kit.call("POST", "/__mock/seed", {
      body: {
        workspaces: [{ id: "11111111-1111-4111-8111-111111111111", name: "Acme" }],
        members: [{ userId: "22222222-2222-4222-8222-222222222222", role: "admin" }],
        policies: [{ name: "Allow", tool: "*", mode: "allow" }],
      },
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body).toEqual({
      ok: true,
      workspaceIds: ["11111111-1111-4111-8111-111111111111"],
      policyIds: [expect.any(String)],
      tokens: { "22222222-2222-4222-8222-222222222222": expect.any(String) },
    });
    const refused = await kit.call("POST", "/__mock/seed", {
      body: { workspaces: [{ name: "B" }], policies: [{ name: "x", tool: "github", mode: "sometimes" }] },
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { ok: false, error: "policies[0].mode must be one of allow, block, require_approval" },
    });
    expect(kit.control.state().workspaces).toHaveLength(1);
    expect((await kit.call("POST", "/__mock/seed", { rawBody: "{" })).body).toEqual({
      ok: false,
      error: "Invalid JSON body",
    });
  });

  it("answers the state with every documented list", async () => {
    const kit = createHandlerTestKit();
    const { status, body } = await kit.call("GET", "/__mock/state");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      now: expect.stringMatching(/Z$/),
      workspaces: [],
      auditLogs: [],
      approvalRequests: [],
      deferredActions: [],
      notifications: [],
      webhookEvents: [],
      upstreamRequests: [],
    });
  });

  it("moves and sets the clock, and refuses a bad change", async () => {
    const kit = createHandlerTestKit();
    expect((await kit.call("POST", "/__mock/clock", { body: { set: "2030-01-01T00:00:00Z" } })).body).toEqual(
      { ok: true, now: "2030-01-01T00:00:00.000Z" },
    );
    expect((await kit.call("POST", "/__mock/clock", { body: { advanceMs: 90_000 } })).body).toEqual({
      ok: true,
      now: "2030-01-01T00:01:30.000Z",
    });
    expect((await kit.call("GET", "/__mock/state")).body.now).toBe("2030-01-01T00:01:30.000Z");
    expect((await kit.call("POST", "/__mock/clock", { body: {} })).status).toBe(400);
    expect((await kit.call("POST", "/__mock/clock", { body: { set: "soon" } })).body).toEqual({
      ok: false,
      error: "set must be an ISO-8601 date",
    });
    expect((await kit.call("POST", "/__mock/clock", { body: { advanceMs: "1" } })).body).toEqual({
      ok: false,
      error: "advanceMs must be a finite number",
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.parse("2031-05-06T07:08:09.010Z"));
      await kit.call("POST", "/__mock/reset");
      expect((await kit.call("GET", "/__mock/state")).body.now).toBe("2031-05-06T07:08:09.010Z");
    } finally {
      vi.useRealTimers();
    }
  });

  it("issues an unsigned token for a user", async () => {
    const kit = createHandlerTestKit();
    const { body } = await kit.call("POST", "/__mock/token", { body: { userId: "u-1" } });
    expect(body).toEqual({ ok: true, token: expect.stringMatching(/^[\w-]+\.[\w-]+\.$/) });
    expect(JSON.parse(Buffer.from(body.token.split(".")[1], "base64url").toString())).toMatchObject({
      sub: "u-1",
    });
    expect((await kit.call("POST", "/__mock/token", { body: {} })).body).toEqual({
      ok: false,
      error: "userId is required",
    });
  });

  it("queues upstream scripts and faults after validating them", async () => {
    const kit = createHandlerTestKit();
    expect(
      (await kit.call("POST", "/__mock/upstream", { body: { tool: "github", status: 500, times: 2 } })).body,
    ).toEqual({ ok: true });
    expect((await kit.call("POST", "/__mock/upstream", { body: { tool: "slack" } })).body).toEqual({
      ok: false,
      error: "tool must be one of github, linear, mcp",
    });
    expect((await kit.call("POST", "/__mock/upstream", { body: { tool: "mcp", times: 0 } })).body).toEqual({
      ok: false,
      error: "times must be a positive integer",
    });
    expect(
      (await kit.call("POST", "/__mock/faults", { body: { endpoint: "evaluate-action", status: 503 } })).body,
    ).toEqual({ ok: true });
    expect(
      (await kit.call("POST", "/__mock/faults", { body: { endpoint: "webhook-github" } })).body.error,
    ).toBe(
      "endpoint must be one of evaluate-action, gateway-proxy, status, mcp-gate, approval-decision, kill-switch",
    );
    expect(
      (await kit.call("POST", "/__mock/faults", { body: { endpoint: "status", delayMs: -1 } })).body.error,
    ).toBe("delayMs must be a number from 0 to 2147483647");
  });

  it("reset removes everything, scripts and faults included", async () => {
    const kit = createHandlerTestKit();
    const ws = await kit.seedWorkspace({ policies: [{ name: "Allow", tool: "*", mode: "allow" }] });
    await kit.call("POST", "/evaluate-action", {
      bearer: ws.keys.evaluate,
      body: { tool: "slack", action: "x", riskLevel: "low" },
    });
    await kit.call("POST", "/__mock/faults", { body: { endpoint: "evaluate-action", status: 503 } });
    expect((await kit.call("POST", "/__mock/reset")).body).toEqual({ ok: true });
    const state = kit.control.state();
    expect([state.workspaces, state.auditLogs, state.policies, state.toolConnections]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    const again = await kit.seedWorkspace({ policies: [{ name: "Allow", tool: "*", mode: "allow" }] });
    expect(
      (
        await kit.call("POST", "/evaluate-action", {
          bearer: again.keys.evaluate,
          body: { tool: "slack", action: "x", riskLevel: "low" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await kit.call("POST", "/evaluate-action", {
          bearer: ws.keys.evaluate,
          body: { tool: "slack", action: "x", riskLevel: "low" },
        })
      ).status,
    ).toBe(401);
  });

  it("answers 404 for an unknown control path and 405 for a wrong method", async () => {
    const kit = createHandlerTestKit();
    expect((await kit.call("POST", "/__mock/explode")).status).toBe(404);
    expect((await kit.call("POST", "/__mock/state")).status).toBe(405);
    expect((await kit.call("GET", "/__mock/reset")).status).toBe(405);
  });
});

describe("/__mock control plane under hostile input", () => {
  it("refuses a clock change past year 9999 with 400, leaves the clock alone, and evaluations keep working", async () => {
    const kit = createHandlerTestKit();
    const ws = await kit.seedWorkspace();
    await kit.call("POST", "/__mock/clock", { body: { set: "2030-01-01T00:00:00.000Z" } });
    for (const body of [
      { advanceMs: 1e20 },
      { advanceMs: 8.64e15 },
      { advanceMs: -1e20 },
      { set: "+275760-09-13T00:00:00.000Z" },
    ]) {
      const answer = await kit.call("POST", "/__mock/clock", { body });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ ok: false, error: expect.stringContaining("9999-12-31T23:59:59.999Z") });
    }
    expect((await kit.call("GET", "/__mock/state")).body.now).toBe("2030-01-01T00:00:00.000Z");
    const evaluation = await kit.call("POST", "/evaluate-action", {
      bearer: ws.keys.evaluate,
      body: { tool: "github", action: "issues.create", riskLevel: "medium" },
    });
    expect(evaluation.status).toBe(200);
  });

  it("refuses a delayMs beyond 2^31-1 and a body that cannot be sent, queueing nothing", async () => {
    const kit = createHandlerTestKit();
    const answer = await kit.call("POST", "/__mock/faults", {
      body: { endpoint: "evaluate-action", delayMs: 2 ** 31 },
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { ok: false, error: "delayMs must be a number from 0 to 2147483647" },
    });
    expect(
      (await kit.call("POST", "/__mock/upstream", { body: { tool: "github", delayMs: 1e300 } })).status,
    ).toBe(400);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => kit.control.faults({ endpoint: "evaluate-action", body: cyclic })).toThrow(
      "body must be a string or JSON-serialisable",
    );
    expect((await kit.call("POST", "/evaluate-action", { body: {} })).status).toBe(401);
  });

  it("refuses a seed whose approval TTL or dates would overflow the clock", async () => {
    const kit = createHandlerTestKit();
    const ttl = await kit.call("POST", "/__mock/seed", {
      body: { workspaces: [{ name: "A", settings: { approvalTtlHours: 1e300 } }] },
    });
    expect(ttl.status).toBe(400);
    const date = await kit.call("POST", "/__mock/seed", {
      body: {
        workspaces: [{ name: "A" }],
        policies: [{ name: "p", tool: "github", mode: "allow", createdAt: "+275760-09-13T00:00:00.000Z" }],
      },
    });
    expect(date.status).toBe(400);
    expect(kit.control.state().workspaces).toEqual([]);
  });

  it("refuses an over-deep body with 400 Invalid JSON body and keeps /__mock/state readable", async () => {
    const kit = createHandlerTestKit();
    const deep = `{"tool":"github","body":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const answer = await kit.call("POST", "/__mock/upstream", { rawBody: deep });
    expect(answer).toMatchObject({ status: 400, body: { ok: false, error: "Invalid JSON body" } });
    expect((await kit.call("GET", "/__mock/state")).status).toBe(200);
  });

  it("answers GET /__mock/state even when a stored value cannot be serialised", async () => {
    const kit = createHandlerTestKit();
    let deep: unknown = 1;
    for (let level = 0; level < 20_000; level++) deep = [deep];
    kit.engine.webhookEvents.list = () => [
      {
        id: "x",
        workspace_id: null,
        provider: "github",
        event_type: "push",
        payload: deep,
        processed: false,
        received_at: "2030-01-01T00:00:00.000Z",
      },
    ];
    const answer = await kit.call("GET", "/__mock/state");
    expect(answer.status).toBe(200);
    expect(answer.body.webhookEvents[0]).toMatchObject({ id: "x", payload: "[unserialisable]" });
  });
});
