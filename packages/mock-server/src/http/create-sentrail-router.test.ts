import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  createHandlerTestKit,
  type HandlerTestKit,
  type SeededTestWorkspace,
} from "./create-handler-test-kit.js";

let kit: HandlerTestKit;
let ws: SeededTestWorkspace;

beforeEach(async () => {
  kit = createHandlerTestKit();
  ws = await kit.seedWorkspace({ policies: [{ name: "Allow all", tool: "*", mode: "allow" }] });
});

const evaluate = () =>
  kit.call("POST", "/evaluate-action", {
    bearer: ws.keys.evaluate,
    body: { tool: "slack", action: "x", riskLevel: "low" },
  });

describe("routing and CORS", () => {
  it.each([
    "/evaluate-action",
    "/gateway-proxy/github/repos/o/r",
    "/mcp-gate/sse",
    "/approval-decision",
    "/kill-switch",
    "/__mock/state",
  ])("answers OPTIONS %s as a CORS preflight", async (path) => {
    const { status, headers, text } = await kit.call("OPTIONS", path);
    expect(status).toBe(204);
    expect(text).toBe("");
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(headers.get("access-control-allow-headers")).toBe("authorization, x-agent-id, content-type");
  });

  it("sets Access-Control-Allow-Origin on answers, errors included, and exposes the X-Sentrail headers", async () => {
    for (const response of [
      await evaluate(),
      await kit.call("GET", "/evaluate-action"),
      await kit.call("GET", "/nope"),
    ]) {
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await evaluate()).headers.get("access-control-expose-headers")).toContain("x-sentrail-decision");
  });

  it.each([
    ["GET", "/evaluate-action"],
    ["DELETE", "/approval-decision"],
    ["GET", "/kill-switch"],
    ["PUT", "/mcp-gate/sse"],
    ["GET", "/webhook-linear"],
    ["HEAD", "/gateway-proxy/github/repos/o/r"],
  ])("answers %s %s with 405 Method not allowed", async (method, path) => {
    const { status, body } = await kit.call(method, path);
    expect(status).toBe(405);
    if (method !== "HEAD") expect(body).toEqual({ ok: false, error: "Method not allowed" });
  });

  it.each(["/unknown-function", "/evaluate-action/extra", "/github-oauth-callback", "/mcp-gate/other"])(
    "answers %s with 404",
    async (path) => {
      expect((await kit.call("POST", path)).status).toBe(404);
    },
  );

  it("serves any origin and path prefix before /functions/v1/", async () => {
    const response = await kit.handle(
      new Request("https://abc.supabase.co/some/prefix/functions/v1/evaluate-action", {
        method: "POST",
        headers: { authorization: `Bearer ${ws.keys.evaluate}` },
        body: JSON.stringify({ tool: "slack", action: "x", riskLevel: "low" }),
      }),
    );
    expect(response.status).toBe(200);
  });

  it("turns an unexpected failure into 500 Internal server error", async () => {
    kit.engine.apiKeys.authenticate = () => Promise.reject(new Error("boom"));
    expect(await evaluate()).toMatchObject({
      status: 500,
      body: { ok: false, error: "Internal server error" },
    });
  });
});

describe("faults", () => {
  it("fails the next calls before the engine sees them: no audit row, no state change", async () => {
    kit.control.faults({ endpoint: "evaluate-action", status: 503, times: 2 });
    expect(await evaluate()).toMatchObject({ status: 503, body: { ok: false, error: "Injected fault" } });
    expect((await evaluate()).status).toBe(503);
    expect(kit.control.state().auditLogs).toEqual([]);
    expect((await evaluate()).status).toBe(200);
  });

  it("answers the given body, and Response.error() for a network error", async () => {
    kit.control.faults({ endpoint: "evaluate-action", status: 429, body: { ok: false, error: "slow down" } });
    expect((await evaluate()).body).toEqual({ ok: false, error: "slow down" });
    kit.control.faults({ endpoint: "evaluate-action", networkError: true });
    const response = await kit.handle(
      new Request("http://mock.test/functions/v1/evaluate-action", { method: "POST" }),
    );
    expect(response.type).toBe("error");
    expect(kit.control.state().auditLogs).toHaveLength(0);
  });

  it("only delays when the fault has nothing but delayMs", async () => {
    kit.control.faults({ endpoint: "evaluate-action", delayMs: 30 });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let response: Awaited<ReturnType<typeof evaluate>> | undefined;
    try {
      const pending = evaluate().then((answer) => {
        response = answer;
      });
      await vi.advanceTimersByTimeAsync(29);
      expect(response).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await pending;
    } finally {
      vi.useRealTimers();
    }
    expect(response?.status).toBe(200);
    expect(kit.control.state().auditLogs).toHaveLength(1);
  });

  it("targets each endpoint separately, the status poll included", async () => {
    kit.control.faults({ endpoint: "status", status: 500 });
    kit.control.faults({ endpoint: "mcp-gate", status: 502 });
    kit.control.faults({ endpoint: "gateway-proxy", status: 504 });
    kit.control.faults({ endpoint: "approval-decision", status: 500 });
    kit.control.faults({ endpoint: "kill-switch", status: 500 });
    expect((await evaluate()).status).toBe(200);
    expect(
      (await kit.call("GET", `/gateway-proxy/status/${crypto.randomUUID()}`, { bearer: ws.keys.all })).status,
    ).toBe(500);
    expect(
      (
        await kit.call("POST", "/mcp-gate/sse", {
          bearer: ws.keys.all,
          body: { jsonrpc: "2.0", id: 1, method: "ping" },
        })
      ).status,
    ).toBe(502);
    expect((await kit.call("GET", "/gateway-proxy/github/repos/o/r", { bearer: ws.keys.all })).status).toBe(
      504,
    );
    expect((await kit.call("POST", "/approval-decision", { bearer: ws.tokens.owner, body: {} })).status).toBe(
      500,
    );
    const killSwitch = await kit.call("POST", "/kill-switch", {
      bearer: ws.tokens.owner,
      body: { workspaceId: ws.workspaceId, action: "enable" },
    });
    expect(killSwitch.status).toBe(500);
    expect(kit.control.state().workspaces[0]?.killSwitch.global).toBe(false);
    expect(kit.upstream.sent).toEqual([]);
  });
});

describe("methods", () => {
  it("answers unknown methods with a JSON 405 on every Sentrail and control-plane route", async () => {
    const paths = [
      "/functions/v1/evaluate-action",
      "/functions/v1/gateway-proxy/github/repos/o/r/issues",
      "/functions/v1/gateway-proxy/status/00000000-0000-4000-8000-000000000000",
      "/functions/v1/mcp-gate/sse",
      "/functions/v1/approval-decision",
      "/functions/v1/kill-switch",
      "/functions/v1/manage-api-keys",
      "/functions/v1/simulate-action",
      "/functions/v1/webhook-github",
      "/functions/v1/webhook-linear",
      "/__mock/state",
      "/__mock/reset",
      "/__mock/clock",
    ];
    for (const method of ["PROPFIND", "FOO", "PURGE", "M-SEARCH"]) {
      for (const path of paths) {
        const response = await kit.handle(new Request(`http://mock.test${path}`, { method }));
        expect([response.status, await response.json()], `${method} ${path}`).toEqual([
          405,
          { ok: false, error: "Method not allowed" },
        ]);
      }
    }
  });
});
