import { HttpResponse, http } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_API_KEY, DEMO_REVIEWER_USER_ID, demoSeed } from "./demo-seed.js";
import { DEFAULT_MOCK_ORIGIN, setupMockSentrail } from "./setup-mock-sentrail.js";

const sentrail = setupMockSentrail({ seed: demoSeed(), onUnhandledRequest: "error" });

beforeAll(() => sentrail.listen());
afterEach(() => sentrail.reset());
afterAll(() => sentrail.close());

function evaluate(body: Record<string, unknown>) {
  return fetch(`${sentrail.baseUrl}/evaluate-action`, {
    method: "POST",
    headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("setupMockSentrail", () => {
  it("answers Sentrail calls on its origin in process, from the seed", async () => {
    expect(sentrail.baseUrl).toBe(`${DEFAULT_MOCK_ORIGIN}/functions/v1`);
    const response = await evaluate({ tool: "github", action: "pull_request.create", riskLevel: "high" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ decision: "require_approval" });
    expect(sentrail.seeded?.tokens[DEMO_REVIEWER_USER_ID]).toMatch(/^eyJ/);
  });

  it("serves the control plane on the same origin", async () => {
    await evaluate({ tool: "mcp", action: "get_issue", riskLevel: "low" });
    const state = await (await fetch(`${sentrail.origin}/__mock/state`)).json();
    expect(state.auditLogs).toHaveLength(1);
  });

  it("starts every test from the seed again after reset", async () => {
    expect(sentrail.control.state().auditLogs).toHaveLength(0);
    expect(sentrail.control.state().workspaces).toHaveLength(1);
  });

  it("lets a test add its own handlers, dropped again by reset", async () => {
    sentrail.server.use(
      http.post(`${sentrail.baseUrl}/evaluate-action`, () =>
        HttpResponse.json({ ok: false }, { status: 503 }),
      ),
    );
    expect((await evaluate({ tool: "mcp", action: "x", riskLevel: "low" })).status).toBe(503);
    await sentrail.reset();
    expect((await evaluate({ tool: "mcp", action: "x", riskLevel: "low" })).status).toBe(200);
  });

  it("refuses a seed that breaks the contract when listening", async () => {
    const broken = setupMockSentrail({
      origin: "https://broken.sentrail-mock.test/functions/v1",
      seed: { workspaces: [{ name: "W" }], policies: [{ name: "P", tool: "mcp", mode: "maybe" as "allow" }] },
    });
    await expect(broken.listen()).rejects.toThrow(/mode/);
    broken.close();
  });
});
