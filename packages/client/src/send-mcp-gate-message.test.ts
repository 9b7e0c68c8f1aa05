import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSentrailClient } from "./create-sentrail-client";
import { SentrailAuthenticationError, SentrailError, SentrailValidationError } from "./sentrail-error";

const BASE = "https://abcd1234.supabase.co/functions/v1";
const KEY = `agk_${"c".repeat(40)}`;
const URL_ = `${BASE}/mcp-gate/sse`;

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

const client = () => createSentrailClient({ apiKey: KEY, baseUrl: BASE, agentId: "cursor" });

/** Answers like mcp-gate: echoes the request id into the given envelope. */
function onMcp(envelope: (id: unknown) => unknown, init?: ResponseInit) {
  server.use(
    http.post(URL_, async ({ request }) => {
      const { id } = (await request.json()) as { id?: unknown };
      return HttpResponse.json(envelope(id) as Record<string, unknown>, init);
    }),
  );
}

describe("mcpGate.request", () => {
  it("sends one JSON-RPC request with the key and agent id, and returns the response", async () => {
    const result = { protocolVersion: "2024-11-05", capabilities: { tools: { listChanged: false } } };
    onMcp((id) => ({ jsonrpc: "2.0", id, result }));
    const response = await client().mcpGate.request("initialize", { protocolVersion: "2024-11-05" });
    expect(response).toEqual({ jsonrpc: "2.0", id: 1, result });
    const request = seen[0] as Request;
    expect(request.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(request.headers.get("x-agent-id")).toBe("cursor");
    expect(request.headers.get("accept")).toContain("application/json");
    expect(await request.json()).toEqual({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2024-11-05" },
    });
  });

  it("numbers requests per client and accepts an explicit id", async () => {
    onMcp((id) => ({ jsonrpc: "2.0", id, result: {} }));
    const agent = client();
    await agent.mcpGate.request("ping");
    await agent.mcpGate.request("ping");
    await agent.mcpGate.request("ping", undefined, { id: "custom" });
    const ids = await Promise.all(
      seen.map(async (request) => ((await request.json()) as { id: unknown }).id),
    );
    expect(ids).toEqual([1, 2, "custom"]);
  });

  it("returns a -32001 block as a JSON-RPC error response, not a thrown error", async () => {
    const error = {
      code: -32001,
      message: "Blocked by Sentrail policy: Policy 'Block deletes' matched",
      data: {
        decision: "block",
        reason: "Policy 'Block deletes' matched",
        auditLogId: "a",
        correlationId: "c",
      },
    };
    onMcp((id) => ({ jsonrpc: "2.0", id, error }));
    await expect(client().mcpGate.request("tools/call", { name: "delete_repo" })).resolves.toEqual({
      jsonrpc: "2.0",
      id: 1,
      error,
    });
  });

  it("returns method-not-allowed (-32601) as a JSON-RPC error response", async () => {
    onMcp((id) => ({
      jsonrpc: "2.0",
      id,
      error: { code: -32601, message: "Method not allowed by Sentrail: resources/list" },
    }));
    await expect(client().mcpGate.request("resources/list")).resolves.toMatchObject({
      error: { code: -32601 },
    });
  });

  it("reads a single SSE frame", async () => {
    server.use(
      http.post(
        URL_,
        () =>
          new HttpResponse(': keep-alive\n\nevent: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n', {
            headers: { "Content-Type": "text/event-stream" },
          }),
      ),
    );
    await expect(client().mcpGate.request("ping")).resolves.toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("throws with the JSON-RPC message when no MCP server is connected (424)", async () => {
    onMcp(
      (id) => ({
        jsonrpc: "2.0",
        id,
        error: { code: -32000, message: "No MCP server connected for this workspace" },
      }),
      {
        status: 424,
      },
    );
    const error = await client()
      .mcpGate.request("tools/list")
      .catch((caught: unknown) => caught);
    expect(SentrailError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 424, message: "No MCP server connected for this workspace" });
  });

  it("throws SentrailValidationError on a 400 parse error", async () => {
    onMcp(() => ({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }), {
      status: 400,
    });
    await expect(client().mcpGate.request("ping")).rejects.toSatisfy((error) =>
      SentrailValidationError.isInstance(error),
    );
  });

  it("throws SentrailAuthenticationError on 401", async () => {
    onMcp(() => ({ ok: false, error: "Invalid or expired API key" }), { status: 401 });
    await expect(client().mcpGate.request("ping")).rejects.toSatisfy((error) =>
      SentrailAuthenticationError.isInstance(error),
    );
  });

  it("fails as unreadable on a 200 that is not a JSON-RPC response, and does not retry", async () => {
    server.use(http.post(URL_, () => HttpResponse.json({ hello: "world" })));
    await expect(client().mcpGate.request("tools/call", { name: "x" })).rejects.toMatchObject({
      kind: "unreadable",
    });
    expect(seen).toHaveLength(1);
  });
});

describe("mcpGate.notify", () => {
  it("sends a notification without an id and accepts the 202", async () => {
    server.use(http.post(URL_, () => new HttpResponse(null, { status: 202 })));
    await expect(client().mcpGate.notify("notifications/initialized")).resolves.toBeUndefined();
    expect(await seen[0]?.json()).toEqual({ jsonrpc: "2.0", method: "notifications/initialized" });
  });
});
