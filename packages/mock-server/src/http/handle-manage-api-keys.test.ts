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

  it("answers a key id from another workspace exactly like a key id that does not exist, whoever asks", async () => {
    const other = await kit.seedWorkspace();
    const otherKeyId = (await manage({ action: "list", workspaceId: other.workspaceId }, other.tokens.admin))
      .body.apiKeys[0].id as string;
    const missingKeyId = crypto.randomUUID();
    for (const action of ["revoke", "rotate"] as const) {
      // An admin of this workspace naming the other workspace's key under this workspace.
      const foreign = await manage({ action, workspaceId: ws.workspaceId, keyId: otherKeyId });
      const missing = await manage({ action, workspaceId: ws.workspaceId, keyId: missingKeyId });
      expect(foreign).toMatchObject({ status: 404, body: { ok: false, error: "API key not found" } });
      expect({ status: foreign.status, body: foreign.body }).toEqual({
        status: missing.status,
        body: missing.body,
      });
      // The same admin probing the other workspace, where they have no role: no 403-vs-404 oracle.
      const probed = await manage({ action, workspaceId: other.workspaceId, keyId: otherKeyId });
      const probedMissing = await manage({ action, workspaceId: other.workspaceId, keyId: missingKeyId });
      expect(probed).toMatchObject({
        status: 403,
        body: { ok: false, error: "Admin or owner role required" },
      });
      expect({ status: probed.status, body: probed.body }).toEqual({
        status: probedMissing.status,
        body: probedMissing.body,
      });
      // A reviewer of the key's own workspace learns nothing either.
      const reviewer = await manage(
        { action, workspaceId: other.workspaceId, keyId: otherKeyId },
        other.tokens.reviewer,
      );
      const reviewerMissing = await manage(
        { action, workspaceId: other.workspaceId, keyId: missingKeyId },
        other.tokens.reviewer,
      );
      expect({ status: reviewer.status, body: reviewer.body }).toEqual({
        status: reviewerMissing.status,
        body: reviewerMissing.body,
      });
    }
    const stillThere = await manage({ action: "list", workspaceId: other.workspaceId }, other.tokens.admin);
    expect(stillThere.body.apiKeys.every((key: { revoked: boolean }) => !key.revoked)).toBe(true);
  });

  it("refuses to rotate a revoked key with 409, minting nothing", async () => {
    const { body: created } = await manage({
      action: "create",
      workspaceId: ws.workspaceId,
      name: "old",
      scopes: ["evaluate"],
    });
    await manage({ action: "revoke", workspaceId: ws.workspaceId, keyId: created.apiKey.id });
    const before = (await manage({ action: "list", workspaceId: ws.workspaceId })).body.apiKeys.length;
    expect(
      await manage({ action: "rotate", workspaceId: ws.workspaceId, keyId: created.apiKey.id }),
    ).toMatchObject({
      status: 409,
      body: { ok: false, error: "API key is revoked" },
    });
    expect((await manage({ action: "list", workspaceId: ws.workspaceId })).body.apiKeys).toHaveLength(before);
    // Revoking it again stays an idempotent success.
    expect(
      (await manage({ action: "revoke", workspaceId: ws.workspaceId, keyId: created.apiKey.id })).status,
    ).toBe(200);
  });

  it("takes workspace and key ids in any letter case", async () => {
    const upper = ws.workspaceId.toUpperCase();
    const list = await manage({ action: "list", workspaceId: upper });
    expect(list.status).toBe(200);
    const keyId = list.body.apiKeys[0].id as string;
    expect(await manage({ action: "revoke", workspaceId: upper, keyId: keyId.toUpperCase() })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect((await manage({ action: "list", workspaceId: ws.workspaceId })).body.apiKeys[0].revoked).toBe(
      true,
    );
  });
});
