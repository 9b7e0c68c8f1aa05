import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newApiKey, startTestServer, type TestServer } from "./helpers/start-test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe("UUIDs in any letter case name the same thing, at every endpoint (issue 12 item 10)", () => {
  it("accepts upper-case ids in approval-decision, the status poll, kill-switch and manage-api-keys, even for a seed written in upper case", async () => {
    const workspaceId = randomUUID().toUpperCase();
    const adminId = randomUUID();
    const key = newApiKey();
    server.secrets.push(key);
    const seeded = await server.call("POST", "/__mock/seed", {
      body: {
        workspaces: [{ id: workspaceId, name: "Upper" }],
        members: [{ workspaceId, userId: adminId, role: "admin", email: "admin@example.com" }],
        apiKeys: [{ workspaceId, key, name: "all" }],
        policies: [
          { workspaceId, name: "Review", tool: "github", actionPattern: "*", mode: "require_approval" },
        ],
      },
    });
    expect(seeded.body.workspaceIds).toEqual([workspaceId.toLowerCase()]);
    const admin = seeded.body.tokens[adminId] as string;

    const queued = await server.call("POST", "/evaluate-action", {
      bearer: key,
      body: { tool: "github", action: "pull_request.create", riskLevel: "high" },
    });
    const { approvalRequestId, correlationId } = queued.body as {
      approvalRequestId: string;
      correlationId: string;
    };
    expect(correlationId).toBe(correlationId.toLowerCase());

    const polled = await server.call("GET", `/gateway-proxy/status/${correlationId.toUpperCase()}`, {
      bearer: key,
    });
    expect(polled).toMatchObject({ status: 200, body: { status: "pending", correlationId } });

    const listed = await server.call("POST", "/manage-api-keys", {
      bearer: admin,
      body: { action: "list", workspaceId: workspaceId.toLowerCase() },
    });
    expect(listed.status).toBe(200);

    for (const id of [workspaceId, workspaceId.toLowerCase()]) {
      expect(
        await server.call("POST", "/kill-switch", {
          bearer: admin,
          body: { workspaceId: id, action: "enable" },
        }),
      ).toMatchObject({ status: 200, body: { ok: true } });
    }
    await server.call("POST", "/kill-switch", { bearer: admin, body: { workspaceId, action: "disable" } });

    expect(
      await server.call("POST", "/approval-decision", {
        bearer: admin,
        body: { approvalRequestId: approvalRequestId.toUpperCase(), decision: "approved" },
      }),
    ).toMatchObject({ status: 200, body: { ok: true, status: "approved" } });
  });
});
