import { SentrailAuthenticationError, SentrailError, SentrailUnavailableError } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { createMcpGateTransport } from "./create-mcp-gate-transport";

const KEY = `agk_${"b".repeat(40)}`;
const GATE = new URL("http://127.0.0.1:1/functions/v1/mcp-gate/sse");
const PING = { jsonrpc: "2.0" as const, id: 1, method: "ping" };

function transportAnswering(response: () => Response | Promise<Response>, seen: Request[] = []) {
  const transport = createMcpGateTransport({
    gateUrl: GATE,
    apiKey: KEY,
    agentId: "unit",
    headers: { Authorization: "Bearer stolen", "x-extra": "1" },
    fetch: async (input, init) => {
      seen.push(new Request(input, init));
      return response();
    },
  });
  return transport;
}

describe("createMcpGateTransport", () => {
  it("sends the key and the agent id on every request; a caller's Authorization cannot replace the key", async () => {
    const seen: Request[] = [];
    const transport = transportAnswering(() => Response.json({ jsonrpc: "2.0", id: 1, result: {} }), seen);
    const messages: unknown[] = [];
    transport.onmessage = (message) => messages.push(message);
    await transport.start();
    await transport.send(PING);
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-agent-id")).toBe("unit");
    expect(seen[0]?.headers.get("x-extra")).toBe("1");
    expect(messages).toEqual([{ jsonrpc: "2.0", id: 1, result: {} }]);
    await transport.close();
  });

  it("turns a 401 into SentrailAuthenticationError and a 424 into a SentrailError with its status", async () => {
    const unauthorized = transportAnswering(() =>
      Response.json({ ok: false, error: "Invalid or expired API key" }, { status: 401 }),
    );
    await unauthorized.start();
    await expect(unauthorized.send(PING)).rejects.toSatisfy(
      (error) => SentrailAuthenticationError.isInstance(error) && !String(error).includes(KEY),
    );
    const unconnected = transportAnswering(() =>
      Response.json(
        {
          jsonrpc: "2.0",
          id: 1,
          error: { code: -32000, message: "No MCP server connected for this workspace" },
        },
        { status: 424 },
      ),
    );
    await unconnected.start();
    await expect(unconnected.send(PING)).rejects.toSatisfy(
      (error) =>
        SentrailError.isInstance(error) &&
        error.status === 424 &&
        error.message === "No MCP server connected for this workspace",
    );
  });

  it("refuses to send a user JWT given as the key", async () => {
    const seen: Request[] = [];
    const transport = createMcpGateTransport({
      gateUrl: GATE,
      apiKey: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln",
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return Response.json({});
      },
    });
    await transport.start();
    await expect(transport.send(PING)).rejects.toSatisfy(
      (error) => SentrailAuthenticationError.isInstance(error) && error.code === "credential_mismatch",
    );
    expect(seen).toEqual([]);
  });

  it("turns a failed fetch into SentrailUnavailableError kind network", async () => {
    const transport = transportAnswering(() => Promise.reject(new TypeError("fetch failed")));
    await transport.start();
    await expect(transport.send(PING)).rejects.toSatisfy(
      (error) => SentrailUnavailableError.isInstance(error) && error.kind === "network",
    );
  });
});
