import { HttpResponse, http, type JsonBodyType } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSentrailAdminClient } from "./create-sentrail-admin-client";
import {
  SentrailAuthenticationError,
  SentrailConflictError,
  SentrailError,
  SentrailNotFoundError,
  SentrailPermissionError,
  SentrailServerError,
  SentrailUnavailableError,
  SentrailValidationError,
} from "./sentrail-error";

const BASE = "https://abcd1234.supabase.co/functions/v1";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJlbWFpbCI6ImFAYi5jIn0.c2lnbmF0dXJl";
const KEY = `agk_${"e".repeat(40)}`;
const WORKSPACE = "11111111-2222-4333-8444-555555555555";
const APPROVAL = "550e8400-e29b-41d4-a716-446655440000";
const keyInfo = {
  id: "99999999-2222-4333-8444-555555555555",
  name: "ci",
  keyPrefix: "agk_0123",
  scopes: ["gateway"],
  expiresAt: "2025-04-01T00:00:00.000Z",
  revoked: false,
  lastUsedAt: null,
  createdAt: "2025-01-01T00:00:00.000Z",
};

const server = setupServer();
const seen: Request[] = [];
server.events.on("request:start", ({ request }) => {
  seen.push(request.clone());
});
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const admin = (accessToken: Parameters<typeof createSentrailAdminClient>[0]["accessToken"] = JWT) =>
  createSentrailAdminClient({ baseUrl: BASE, accessToken });

function on(path: string, status: number, body: JsonBodyType) {
  server.use(http.post(`${BASE}/${path}`, () => HttpResponse.json(body, { status })));
}

async function failure(promise: Promise<unknown>): Promise<SentrailError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(SentrailError.isInstance(error)).toBe(true);
  return error as SentrailError;
}

describe("credentials", () => {
  it("sends the user JWT as a bearer token", async () => {
    on("kill-switch", 200, { ok: true });
    await admin().enableKillSwitch(WORKSPACE);
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${JWT}`);
  });

  it("refuses an agk_ key as accessToken with a typed error before sending anything", async () => {
    const error = await failure(admin(KEY).enableKillSwitch(WORKSPACE));
    expect(SentrailAuthenticationError.isInstance(error)).toBe(true);
    expect(error.code).toBe("credential_mismatch");
    expect(`${error.message} ${String(error)} ${JSON.stringify(error)}`).not.toContain(KEY);
    expect(seen).toHaveLength(0);
  });

  it("refuses an agk_ key returned by the token function", async () => {
    const error = await failure(admin(async () => KEY).apiKeys.list(WORKSPACE));
    expect(error.code).toBe("credential_mismatch");
    expect(seen).toHaveLength(0);
  });

  it("asks the token function before every request, so a refreshed session is used", async () => {
    on("kill-switch", 200, { ok: true });
    let version = 0;
    const client = admin(async () => `${JWT}${++version}`);
    await client.enableKillSwitch(WORKSPACE);
    await client.disableKillSwitch(WORKSPACE);
    expect(seen.map((request) => request.headers.get("authorization"))).toEqual([
      `Bearer ${JWT}1`,
      `Bearer ${JWT}2`,
    ]);
  });

  it("turns a failing or empty token function into SentrailAuthenticationError", async () => {
    const thrown = await failure(
      admin(() => {
        throw new Error("session expired");
      }).enableKillSwitch(WORKSPACE),
    );
    expect(SentrailAuthenticationError.isInstance(thrown)).toBe(true);
    expect((thrown.cause as Error).message).toBe("session expired");
    const empty = await failure(admin("").enableKillSwitch(WORKSPACE));
    expect(SentrailAuthenticationError.isInstance(empty)).toBe(true);
    expect(seen).toHaveLength(0);
  });

  it("never lets a per-call header replace the token", async () => {
    on("kill-switch", 200, { ok: true });
    await admin().enableKillSwitch(WORKSPACE, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${JWT}`);
  });
});

describe("decideApproval", () => {
  it.each([
    ["executed", { status: "executed", executionResult: { id: 15, number: 15 } }],
    [
      "failed",
      {
        status: "failed",
        executionResult: { error: "Tool API returned 422", status: 422, body: { message: "x" } },
      },
    ],
    ["denied", { status: "denied", executionResult: null }],
    ["approved", { status: "approved", executionResult: null }],
  ])("returns the %s outcome", async (_status, outcome) => {
    on("approval-decision", 200, { ok: true, ...outcome, notificationQueued: true, notificationError: null });
    const result = await admin().decideApproval({
      approvalRequestId: APPROVAL,
      decision: "approved",
      reason: "Looks right",
    });
    expect(result).toEqual({ ...outcome, notificationQueued: true, notificationError: null });
    expect(await seen[0]?.json()).toEqual({
      approvalRequestId: APPROVAL,
      decision: "approved",
      reason: "Looks right",
    });
  });

  it.each([
    [400, "approvalRequestId must be a UUID", SentrailValidationError],
    [400, "decision must be approved or denied", SentrailValidationError],
    [401, "Not authenticated", SentrailAuthenticationError],
    [403, "Reviewer role required", SentrailPermissionError],
    [404, "Approval request not found", SentrailNotFoundError],
    [409, "Approval already has a decision", SentrailConflictError],
    [500, "Deferred execution failed: connect ECONNREFUSED", SentrailServerError],
  ])("throws on %i %s", async (status, message, ErrorClass) => {
    on("approval-decision", status, { ok: false, error: message });
    const error = await failure(admin().decideApproval({ approvalRequestId: APPROVAL, decision: "denied" }));
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status, message });
    expect(seen).toHaveLength(1);
  });

  it("fails as unreadable on an unknown status", async () => {
    on("approval-decision", 200, { ok: true, status: "teleported" });
    const error = await failure(
      admin().decideApproval({ approvalRequestId: APPROVAL, decision: "approved" }),
    );
    expect(SentrailUnavailableError.isInstance(error)).toBe(true);
  });

  it("does not retry after a network failure (an approval replays a tool call)", async () => {
    server.use(http.post(`${BASE}/approval-decision`, () => HttpResponse.error()));
    await failure(admin().decideApproval({ approvalRequestId: APPROVAL, decision: "approved" }));
    expect(seen).toHaveLength(1);
  });
});

describe("kill switch", () => {
  it.each([
    [
      "enableKillSwitch",
      (client: ReturnType<typeof admin>) => client.enableKillSwitch(WORKSPACE),
      { workspaceId: WORKSPACE, action: "enable" },
    ],
    [
      "disableKillSwitch",
      (client: ReturnType<typeof admin>) => client.disableKillSwitch(WORKSPACE),
      { workspaceId: WORKSPACE, action: "disable" },
    ],
    [
      "pauseTool",
      (client: ReturnType<typeof admin>) => client.pauseTool(WORKSPACE, "github"),
      { workspaceId: WORKSPACE, action: "pause_tool", tool: "github" },
    ],
    [
      "resumeTool",
      (client: ReturnType<typeof admin>) => client.resumeTool(WORKSPACE, "mcp"),
      { workspaceId: WORKSPACE, action: "resume_tool", tool: "mcp" },
    ],
    [
      "killSwitch",
      (client: ReturnType<typeof admin>) => client.killSwitch({ workspaceId: WORKSPACE, action: "enable" }),
      { workspaceId: WORKSPACE, action: "enable" },
    ],
  ])("%s posts the matching body", async (_name, call, body) => {
    on("kill-switch", 200, { ok: true });
    await expect(call(admin())).resolves.toBeUndefined();
    expect(await seen[0]?.json()).toEqual(body);
  });

  it.each([
    [400, "workspaceId is required", SentrailValidationError],
    [400, "tool is required for pause_tool and resume_tool", SentrailValidationError],
    [400, "Unsupported action", SentrailValidationError],
    [401, "Not authenticated", SentrailAuthenticationError],
    [403, "Admin or owner role required", SentrailPermissionError],
    [404, "Workspace not found", SentrailNotFoundError],
    [500, "database update failed", SentrailServerError],
  ])("throws on %i %s", async (status, message, ErrorClass) => {
    on("kill-switch", status, { ok: false, error: message });
    const error = await failure(admin().pauseTool(WORKSPACE, "github"));
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error.message).toBe(message);
  });
});

describe("apiKeys", () => {
  it("create sends the defaults and returns the raw key once", async () => {
    on("manage-api-keys", 200, { ok: true, key: KEY, apiKey: keyInfo });
    await expect(
      admin().apiKeys.create({ workspaceId: WORKSPACE, name: "ci", scopes: ["gateway"] }),
    ).resolves.toEqual({
      key: KEY,
      apiKey: keyInfo,
    });
    expect(await seen[0]?.json()).toEqual({
      action: "create",
      workspaceId: WORKSPACE,
      name: "ci",
      scopes: ["gateway"],
      expiresInDays: 90,
    });
  });

  it("list returns the keys", async () => {
    on("manage-api-keys", 200, { ok: true, apiKeys: [keyInfo] });
    await expect(admin().apiKeys.list(WORKSPACE)).resolves.toEqual([keyInfo]);
    expect(await seen[0]?.json()).toEqual({ action: "list", workspaceId: WORKSPACE });
  });

  it("revoke posts the key id", async () => {
    on("manage-api-keys", 200, { ok: true });
    await expect(
      admin().apiKeys.revoke({ workspaceId: WORKSPACE, keyId: keyInfo.id }),
    ).resolves.toBeUndefined();
    expect(await seen[0]?.json()).toEqual({ action: "revoke", workspaceId: WORKSPACE, keyId: keyInfo.id });
  });

  it("rotate posts the key id and expiry and returns the new key", async () => {
    on("manage-api-keys", 200, { ok: true, key: KEY, apiKey: keyInfo });
    await expect(
      admin().apiKeys.rotate({ workspaceId: WORKSPACE, keyId: keyInfo.id, expiresInDays: 30 }),
    ).resolves.toMatchObject({ key: KEY });
    expect(await seen[0]?.json()).toEqual({
      action: "rotate",
      workspaceId: WORKSPACE,
      keyId: keyInfo.id,
      expiresInDays: 30,
    });
  });

  it.each([
    [400, "name must be 1-100 characters", SentrailValidationError],
    [401, "Not authenticated", SentrailAuthenticationError],
    [403, "Admin or owner role required", SentrailPermissionError],
    [404, "API key not found", SentrailNotFoundError],
  ])("throws on %i %s", async (status, message, ErrorClass) => {
    on("manage-api-keys", status, { ok: false, error: message });
    const error = await failure(admin().apiKeys.revoke({ workspaceId: WORKSPACE, keyId: keyInfo.id }));
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error.message).toBe(message);
  });

  it("fails as unreadable when create answers without the key", async () => {
    on("manage-api-keys", 200, { ok: true });
    const error = await failure(
      admin().apiKeys.create({ workspaceId: WORKSPACE, name: "ci", scopes: ["mcp"] }),
    );
    expect(SentrailUnavailableError.isInstance(error)).toBe(true);
  });

  it("fails as unreadable when list answers without keys", async () => {
    on("manage-api-keys", 200, { ok: true });
    await expect(admin().apiKeys.list(WORKSPACE)).rejects.toMatchObject({ kind: "unreadable" });
  });
});
