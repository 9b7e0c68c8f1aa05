import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSentrailAdminClient, type SentrailAdminClient } from "../src/admin";
import { createSentrailClient, type FetchFunction, type SentrailClient } from "../src/index";

const BASE = "https://abcd1234.supabase.co/functions/v1";
const KEY = `agk_${"a".repeat(40)}`;
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl";

/** One permissive answer for every endpoint: these tests are about which `fetch` sends, not what comes back. */
const ANSWER = {
  ok: true,
  decision: "allow",
  status: "approved",
  auditLogId: "a",
  correlationId: "c",
  jsonrpc: "2.0",
  id: 1,
  result: {},
};
const answer = () =>
  new Response(JSON.stringify(ANSWER), {
    headers: { "content-type": "application/json", "X-Sentrail-Decision": "allow" },
  });

/** What a fetch received, read the way a server would: path, method, Authorization and the body. */
interface Received {
  path: string;
  method: string;
  authorization: string | null;
  body: string;
  /** The class of the request object `fetch` was handed, or `"url"` when it got a URL and an init. */
  input: string;
}

/** Calls every agent entry point that sends a request. */
async function useEveryAgentMethod(client: SentrailClient): Promise<void> {
  await client.evaluateAction({
    tool: "internal_api",
    action: "invoice.refund",
    riskLevel: "high",
    payload: { id: "in_1" },
  });
  await client.gateway.github({ method: "POST", path: "/repos/o/r/issues", body: { title: "Bug" } });
  await client.gateway.linear({ query: "{ viewer { id } }" });
  await client.mcpGate.request("tools/list");
  await client.getApprovalStatus("c");
  await client.waitForApproval("c");
}

/** Calls the admin entry points that send a request: approval decision and kill switch. */
async function useEveryAdminMethod(admin: SentrailAdminClient): Promise<void> {
  await admin.decideApproval({ approvalRequestId: "r", decision: "approved" });
  await admin.enableKillSwitch("w");
  await admin.pauseTool("w", "github");
}

const AGENT_PATHS = [
  "/functions/v1/evaluate-action",
  "/functions/v1/gateway-proxy/github/repos/o/r/issues",
  "/functions/v1/gateway-proxy/linear/graphql",
  "/functions/v1/mcp-gate/sse",
  "/functions/v1/gateway-proxy/status/c",
];
const ADMIN_PATHS = ["/functions/v1/approval-decision", "/functions/v1/kill-switch"];

/** Reads what `fetch` got with this realm's own `Request`, recording the input's form first. */
async function receive(input: Request | string | URL, init: RequestInit | undefined): Promise<Received> {
  const form = typeof input === "string" || input instanceof URL ? "url" : input.constructor.name;
  const request = new Request(input, init);
  return {
    path: new URL(request.url).pathname,
    method: request.method,
    authorization: request.headers.get("authorization"),
    body: await request.text(),
    input: form,
  };
}

describe("a custom fetch", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends every request of the agent and admin clients, and the global fetch none", async () => {
    const global = vi.fn(async () => answer());
    vi.stubGlobal("fetch", global);
    const received: Received[] = [];
    const fetch: FetchFunction = async (input, init) => {
      received.push(await receive(input, init));
      return answer();
    };
    await useEveryAgentMethod(createSentrailClient({ apiKey: KEY, baseUrl: BASE, fetch }));
    await useEveryAdminMethod(createSentrailAdminClient({ accessToken: JWT, baseUrl: BASE, fetch }));
    expect(global).not.toHaveBeenCalled();
    const paths = new Set(received.map((request) => request.path));
    for (const path of [...AGENT_PATHS, ...ADMIN_PATHS]) expect(paths, path).toContain(path);
    const evaluation = received.find((request) => request.path.endsWith("/evaluate-action"));
    expect(JSON.parse(evaluation?.body ?? "null")).toMatchObject({ payload: { id: "in_1" } });
    expect(received.find((request) => request.path.endsWith("/kill-switch"))?.authorization).toBe(
      `Bearer ${JWT}`,
    );
  });

  it("is handed instances of the given Request class for typed calls, and reads their bodies", async () => {
    const built: Request[] = [];
    class RecordingRequest extends Request {
      constructor(input: Request | string | URL, init?: RequestInit) {
        super(input, init);
        built.push(this);
      }
    }
    const received: Received[] = [];
    const fetch: FetchFunction = async (input, init) => {
      received.push(await receive(input, init));
      return answer();
    };
    await useEveryAgentMethod(
      createSentrailClient({ apiKey: KEY, baseUrl: BASE, fetch, Request: RecordingRequest }),
    );
    await useEveryAdminMethod(
      createSentrailAdminClient({ accessToken: JWT, baseUrl: BASE, fetch, Request: RecordingRequest }),
    );
    // evaluate, status polls, approval decision, kill switch: built with the class, handed over as is.
    for (const path of ["/evaluate-action", "/approval-decision", "/kill-switch"]) {
      const request = received.find((candidate) => candidate.path.endsWith(path));
      expect(request?.input, path).toBe("RecordingRequest");
    }
    expect(received.find((request) => request.path.endsWith("/evaluate-action"))?.body).toContain(
      "invoice.refund",
    );
    expect(built.length).toBeGreaterThanOrEqual(5);
  });

  it("gets a URL and a plain init, not a Request it may not recognise, when given without a Request class", async () => {
    // A fetch of another implementation: like undici's, it takes a foreign Request for a URL string.
    const received: Received[] = [];
    const foreignFetch: FetchFunction = async (input, init) => {
      if (typeof input !== "string" && !(input instanceof URL)) {
        throw new TypeError(`Failed to parse URL from ${Object.prototype.toString.call(input)}`);
      }
      received.push(await receive(input, init));
      return answer();
    };
    await useEveryAgentMethod(createSentrailClient({ apiKey: KEY, baseUrl: BASE, fetch: foreignFetch }));
    await useEveryAdminMethod(
      createSentrailAdminClient({ accessToken: JWT, baseUrl: BASE, fetch: foreignFetch }),
    );
    expect(received.every((request) => request.input === "url")).toBe(true);
    const evaluation = received.find((request) => request.path.endsWith("/evaluate-action"));
    expect(evaluation?.method).toBe("POST");
    expect(evaluation?.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(evaluation?.body ?? "null")).toMatchObject({
      tool: "internal_api",
      payload: { id: "in_1" },
    });
  });

  it("uses the global fetch of the moment, not the one present when the client was created (MSW installs later)", async () => {
    const client = createSentrailClient({ apiKey: KEY, baseUrl: BASE });
    const late = vi.fn(async () => answer());
    vi.stubGlobal("fetch", late);
    await client.evaluateAction({ tool: "internal_api", action: "invoice.refund", riskLevel: "high" });
    expect(late).toHaveBeenCalledTimes(1);
  });
});

/** undici is not a dependency of this package; it is here only when another package brought it. */
const undici = await import("undici").catch(() => undefined);

describe.skipIf(!undici)("undici's own fetch and Request, against a real HTTP server", () => {
  let server: Server;
  let base: string;
  const received: Array<{ path: string; authorization: string | undefined; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push({ path: request.url ?? "", authorization: request.headers.authorization, body });
        response.setHeader("content-type", "application/json");
        response.setHeader("X-Sentrail-Decision", "allow");
        response.end(JSON.stringify(ANSWER));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/functions/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    received.length = 0;
  });

  const options = () => ({
    fetch: undici!.fetch as unknown as FetchFunction,
    Request: undici!.Request as unknown as typeof Request,
  });

  it("works with fetch and Request passed together", async () => {
    await useEveryAgentMethod(createSentrailClient({ apiKey: KEY, baseUrl: base, ...options() }));
    await useEveryAdminMethod(createSentrailAdminClient({ accessToken: JWT, baseUrl: base, ...options() }));
    const evaluation = received.find((request) => request.path.endsWith("/evaluate-action"));
    expect(JSON.parse(evaluation?.body ?? "null")).toMatchObject({ payload: { id: "in_1" } });
    expect(evaluation?.authorization).toBe(`Bearer ${KEY}`);
    expect(received.map((request) => request.path.split("?")[0])).toEqual(
      expect.arrayContaining([...AGENT_PATHS, ...ADMIN_PATHS]),
    );
  });

  it("works with undici's fetch alone (Node's global Request is not undici's)", async () => {
    const { fetch } = options();
    await useEveryAgentMethod(createSentrailClient({ apiKey: KEY, baseUrl: base, fetch }));
    await useEveryAdminMethod(createSentrailAdminClient({ accessToken: JWT, baseUrl: base, fetch }));
    const evaluation = received.find((request) => request.path.endsWith("/evaluate-action"));
    expect(JSON.parse(evaluation?.body ?? "null")).toMatchObject({ payload: { id: "in_1" } });
    expect(received.find((request) => request.path.endsWith("/kill-switch"))?.authorization).toBe(
      `Bearer ${JWT}`,
    );
  });
});
