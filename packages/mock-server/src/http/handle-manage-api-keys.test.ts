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
  ws = await kit.seedWorkspace();
});

const manage = (body: unknown, token = ws.tokens.admin) =>
  kit.call("POST", "/manage-api-keys", { bearer: token, body });
const evaluateWith = (key: string) =>
  kit.call("POST", "/evaluate-action", {
    bearer: key,
    body: { tool: "slack", action: "x", riskLevel: "low" },
  });

describe("POST /manage-api-keys", () => {
  it("creates a key that works at once, showing the raw key only in this answer", async () => {
    kit.control.clock({ set: "2030-01-01T00:00:00.000Z" });
    const { status, body } = await manage({
      action: "create",
      workspaceId: ws.workspaceId,
      name: "ci",
      scopes: ["evaluate"],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      key: expect.stringMatching(/^agk_[0-9a-f]{40}$/),
      apiKey: {
        id: expect.any(String),
        name: "ci",
        keyPrefix: body.key.slice(0, 8),
        scopes: ["evaluate"],
        expiresAt: "2030-04-01T00:00:00.000Z",
        revoked: false,
        lastUsedAt: null,
        createdAt: "2030-01-01T00:00:00.000Z",
      },
    });
    expect((await evaluateWith(body.key)).status).toBe(200);
    const list = await manage({ action: "list", workspaceId: ws.workspaceId });
    expect(list.body.apiKeys[0]).toMatchObject({ name: "ci", lastUsedAt: "2030-01-01T00:00:00.000Z" });
    expect(list.body.apiKeys).toHaveLength(5);
    expect(JSON.stringify(list.body)).not.toContain(body.key);
    expect(JSON.stringify(list.body)).not.toContain("hash");
  });

  it("revokes a key with effect on the very next request", async () => {
    const { body: created } = await manage({
      action: "create",
      workspaceId: ws.workspaceId,
      name: "tmp",
      scopes: ["evaluate"],
      expiresInDays: 1,
    });
    expect((await evaluateWith(created.key)).status).toBe(200);
    expect(
      (await manage({ action: "revoke", workspaceId: ws.workspaceId, keyId: created.apiKey.id })).body,
    ).toEqual({ ok: true });
    expect((await evaluateWith(created.key)).status).toBe(401);
  });

  it("rotates: a new key with the same name and scopes, the old one revoked", async () => {
    const { body: created } = await manage({
      action: "create",
      workspaceId: ws.workspaceId,
      name: "bot",
      scopes: ["evaluate", "mcp"],
    });
    const { body: rotated } = await manage({
      action: "rotate",
      workspaceId: ws.workspaceId,
      keyId: created.apiKey.id,
      expiresInDays: 30,
    });
    expect(rotated.apiKey).toMatchObject({ name: "bot", scopes: ["evaluate", "mcp"], revoked: false });
    expect(rotated.key).not.toBe(created.key);
    expect((await evaluateWith(created.key)).status).toBe(401);
    expect((await evaluateWith(rotated.key)).status).toBe(200);
  });

  it("expires keys on the mock clock", async () => {
    const { body: created } = await manage({
      action: "create",
      workspaceId: ws.workspaceId,
      name: "short",
      scopes: ["evaluate"],
      expiresInDays: 1,
    });
    kit.control.clock({ advanceMs: 86_400_000 });
    expect((await evaluateWith(created.key)).status).toBe(401);
  });

  it.each([
    [{ action: "delete" }, "action must be one of create, list, revoke, rotate"],
    [{ action: "list" }, "workspaceId is required"],
    [
      { action: "create", workspaceId: "WS", scopes: ["evaluate"] },
      "name must be a string of 1 to 100 characters",
    ],
    [
      { action: "create", workspaceId: "WS", name: "x".repeat(101), scopes: ["evaluate"] },
      "name must be a string of 1 to 100 characters",
    ],
    [
      { action: "create", workspaceId: "WS", name: "x", scopes: [] },
      "scopes must be a non-empty array of gateway, evaluate, mcp",
    ],
    [
      { action: "create", workspaceId: "WS", name: "x", scopes: ["admin"] },
      "scopes must be a non-empty array of gateway, evaluate, mcp",
    ],
    [
      { action: "create", workspaceId: "WS", name: "x", scopes: ["mcp"], expiresInDays: 0 },
      "expiresInDays must be an integer from 1 to 3650",
    ],
    [
      { action: "create", workspaceId: "WS", name: "x", scopes: ["mcp"], expiresInDays: 3651 },
      "expiresInDays must be an integer from 1 to 3650",
    ],
    [{ action: "revoke", workspaceId: "WS" }, "keyId is required"],
  ])("refuses %j with 400", async (body, error) => {
    const withId = JSON.parse(JSON.stringify(body).replace('"WS"', JSON.stringify(ws.workspaceId)));
    expect(await manage(withId)).toMatchObject({ status: 400, body: { ok: false, error } });
  });

  it("checks 405 → 401 → 400 → 404 → 403", async () => {
    expect((await kit.call("GET", "/manage-api-keys")).status).toBe(405);
    expect(await manage({ action: "list", workspaceId: ws.workspaceId }, ws.keys.all)).toMatchObject({
      status: 401,
      body: { error: "Not authenticated" },
    });
    expect(
      await manage({ action: "list", workspaceId: crypto.randomUUID() }, ws.tokens.reviewer),
    ).toMatchObject({
      status: 404,
      body: { ok: false, error: "Workspace not found" },
    });
    expect(
      await manage({ action: "revoke", workspaceId: ws.workspaceId, keyId: crypto.randomUUID() }),
    ).toMatchObject({
      status: 404,
      body: { ok: false, error: "API key not found" },
    });
    expect(await manage({ action: "list", workspaceId: ws.workspaceId }, ws.tokens.reviewer)).toMatchObject({
      status: 403,
      body: { ok: false, error: "Admin or owner role required" },
    });
  });
});
