import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMockSentrail } from "../create-mock-sentrail.js";
import { createSentrailHandlers } from "./create-sentrail-handlers.js";

const KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const mock = createMockSentrail();
const scoped = createMockSentrail();
const server = setupServer(
  ...createSentrailHandlers(scoped, { origin: "https://scoped.supabase.co/functions/v1" }),
  ...createSentrailHandlers(mock),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.control.reset();
  scoped.control.reset();
});
afterAll(() => server.close());

const evaluate = (baseUrl: string) =>
  fetch(`${baseUrl}/evaluate-action`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ tool: "github", action: "read", riskLevel: "low" }),
  });

describe("createSentrailHandlers", () => {
  it("serves Sentrail on any origin through MSW, and the control plane too", async () => {
    await fetch("https://anything.example/__mock/seed", {
      method: "POST",
      body: JSON.stringify({
        workspaces: [{ name: "Acme" }],
        apiKeys: [{ key: KEY, scopes: ["evaluate"] }],
        policies: [
          { name: "Allow reads", tool: "github", actionPattern: "read", mode: "allow", priority: 10 },
        ],
      }),
    });
    const response = await evaluate("https://abc.supabase.co/functions/v1");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      decision: "allow",
      reason: "Policy 'Allow reads' matched",
    });
    const state = await (await fetch("http://localhost:4010/__mock/state")).json();
    expect(state.auditLogs).toHaveLength(1);
  });

  it("limits a handler set to its origin", async () => {
    await scoped.control.seed({
      workspaces: [{ name: "Scoped" }],
      apiKeys: [{ key: KEY, scopes: ["evaluate"] }],
    });
    expect((await evaluate("https://scoped.supabase.co/functions/v1")).status).toBe(200);
    expect(scoped.control.state().auditLogs).toHaveLength(1);
    expect((await evaluate("https://other.supabase.co/functions/v1")).status).toBe(401);
    expect(scoped.control.state().auditLogs).toHaveLength(1);
  });

  it("turns a networkError fault into a failed fetch", async () => {
    mock.control.faults({ endpoint: "evaluate-action", networkError: true });
    await expect(evaluate("https://abc.supabase.co/functions/v1")).rejects.toThrow(TypeError);
  });
});
