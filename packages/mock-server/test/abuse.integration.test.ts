import { createHmac } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";

// Issue 12 over real HTTP: bounded webhook storage, over-deep JSON, control-plane validation,
// unknown methods, the Linear timestamp window.

let server: TestServer;
let workspace: SeededWorkspace;

beforeAll(async () => {
  server = await startTestServer();
  workspace = await server.seedWorkspace();
});

afterAll(async () => {
  await server.close();
});

/** One raw HTTP/1.1 exchange (methods `fetch` cannot send): the whole reply as text. */
function rawExchange(request: string): Promise<string> {
  const { port, hostname } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let reply = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      reply += chunk;
    });
    socket.on("close", () => resolve(reply));
    socket.on("error", reject);
    socket.setTimeout(5_000, () => socket.destroy());
  });
}

function parseReply(reply: string): { status: number; body: unknown } {
  const [head = "", body = ""] = reply.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), body: body === "" ? null : JSON.parse(body) };
}

function evaluate() {
  return server.call("POST", "/evaluate-action", {
    bearer: workspace.keys.evaluate,
    body: { tool: "github", action: "issues.create", riskLevel: "medium" },
  });
}

describe("unauthenticated webhook deliveries", () => {
  it("keeps an unmatched 8 MiB delivery as a truncated preview, not whole", async () => {
    const body = JSON.stringify({
      repository: { full_name: "no/match" },
      blob: "y".repeat(8 * 1024 * 1024 - 100),
    });
    const answer = await server.call("POST", "/webhook-github", {
      body,
      headers: { "x-github-event": "push" },
    });
    expect(answer.body).toEqual({ ok: true, processed: false });
    const events = (await server.state()).webhookEvents;
    expect(events.at(-1).payload).toMatchObject({ _truncated: true, _originalBytes: body.length });
    expect(JSON.stringify(events.at(-1)).length).toBeLessThan(2_600);
  });
});

describe("over-deep JSON", () => {
  it("is refused with 400 on webhooks and every JSON endpoint, and /__mock/state stays 200", async () => {
    const deep = (levels: number) =>
      `{"tool":"github","action":"a","riskLevel":"low","payload":{"x":${"[".repeat(levels)}${"]".repeat(levels)}}}`;
    for (const levels of [5_000, 10_000]) {
      const webhook = await server.call("POST", "/webhook-github", {
        body: deep(levels),
        headers: { "x-github-event": "push" },
      });
      expect(webhook).toMatchObject({ status: 400, body: { ok: false, error: "Invalid JSON body" } });
      expect((await server.call("GET", "/__mock/state")).status).toBe(200);
      const evaluation = await server.call("POST", "/evaluate-action", {
        bearer: workspace.keys.all,
        body: deep(levels),
      });
      expect(evaluation).toMatchObject({ status: 400, body: { ok: false, error: "Invalid JSON body" } });
      const gateway = await server.call("POST", `/gateway-proxy/github/repos/${workspace.repo}/issues`, {
        bearer: workspace.keys.all,
        body: deep(levels),
      });
      expect(gateway).toMatchObject({ status: 400, body: { ok: false, error: "Invalid JSON body" } });
      const mcp = await server.call("POST", "/mcp-gate/sse", {
        bearer: workspace.keys.all,
        body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_issue","arguments":${deep(levels)}}}`,
      });
      expect(mcp.status).toBe(400);
      expect(mcp.body).toMatchObject({ error: { code: -32700 } });
    }
    expect((await evaluate()).status).toBe(200);
  });
});

describe("control-plane validation", () => {
  it("answers 400 to an out-of-range clock change and changes nothing", async () => {
    const before = (await server.state()).now;
    for (const advanceMs of [1e20, 8.64e15]) {
      const answer = await server.call("POST", "/__mock/clock", { body: { advanceMs } });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, error: expect.any(String) });
    }
    const after = (await server.state()).now;
    expect(Date.parse(after) - Date.parse(before)).toBeLessThan(3_600_000);
    expect((await evaluate()).status).toBe(200);
  });

  it("answers 400 to a fault delayMs beyond 2^31-1 and queues nothing", async () => {
    const answer = await server.call("POST", "/__mock/faults", {
      body: { endpoint: "evaluate-action", status: 503, delayMs: 2 ** 31 },
    });
    expect(answer.status).toBe(400);
    expect((await evaluate()).status).toBe(200);
  });
});

describe("methods the node server cannot hand to the router", () => {
  it("answers TRACE, unknown methods and CONNECT with a JSON error, never an empty reply", async () => {
    const cases: Array<[string, number]> = [
      ["TRACE /functions/v1/evaluate-action", 405],
      ["TRACE /__mock/state", 405],
      ["FOO /functions/v1/evaluate-action", 405],
      ["get /__mock/state", 405],
      ["CONNECT 127.0.0.1:1", 405],
    ];
    for (const [line, status] of cases) {
      const reply = await rawExchange(`${line} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
      expect(parseReply(reply), line).toEqual({ status, body: { ok: false, error: "Method not allowed" } });
    }
    const garbage = parseReply(await rawExchange("GET /__mock/state HTTP/1.1\r\nno colon here\r\n\r\n"));
    expect(garbage).toEqual({ status: 400, body: { ok: false, error: "Bad request" } });
    expect((await evaluate()).status).toBe(200);
  });
});

describe("Linear webhook timestamps", () => {
  it("refuses timestamps more than 5 minutes in the future, as verifyLinearSignature does", async () => {
    const now = Date.parse((await server.state()).now);
    const send = (webhookTimestamp: number) => {
      const body = JSON.stringify({
        action: "create",
        type: "Issue",
        organizationId: workspace.linearOrganizationId,
        webhookTimestamp,
        data: { id: "i-1" },
      });
      const signature = createHmac("sha256", workspace.linearWebhookSecret).update(body).digest("hex");
      return server.call("POST", "/webhook-linear", { body, headers: { "linear-signature": signature } });
    };
    expect(await send(now + 365 * 86_400_000)).toMatchObject({ status: 401, body: { ok: false } });
    expect(await send(1e300)).toMatchObject({ status: 401, body: { ok: false } });
    expect((await send(now)).status).toBe(200);
  });
});

it("leaves no secret in /__mock/state", () => expectNoSecretsInState(server));
