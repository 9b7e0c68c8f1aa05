import type { FetchFunction } from "@sentrail/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMcpGate, type McpGateProgress } from "../src/index";
import { type GateFixture, startGateFixture } from "./helpers/start-gate-fixture";

const FAST_POLLING = { initialDelayMs: 10, multiplier: 1, maxDelayMs: 10 };

let fixture: GateFixture;

beforeAll(async () => {
  fixture = await startGateFixture();
});
afterAll(async () => {
  await fixture?.close();
});

/** Approves the call as soon as its wait reports progress. */
function approveWhenHeld() {
  let decided = false;
  return (progress: McpGateProgress) => {
    if (decided) return;
    decided = true;
    void fixture.reviewer.decideApproval({
      approvalRequestId: progress.approvalRequestId,
      decision: "approved",
    });
  };
}

/** undici is not a dependency of this package; it is here only when another package brought it. */
const undici = await import("undici").catch(() => undefined);

describe("connectMcpGate with a custom fetch", () => {
  it("sends the gate's JSON-RPC and the approval status polls through it, and the global fetch none of them", async () => {
    const paths: string[] = [];
    const pathOf = (input: Request | string | URL) =>
      new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url).pathname;
    const global = globalThis.fetch;
    const fetch: FetchFunction = (input, init) => {
      paths.push(pathOf(input));
      return global(input, init);
    };
    // The reviewer (another client of this process) still uses the global fetch: count only the gate's paths.
    const viaGlobal: string[] = [];
    globalThis.fetch = (input, init) => {
      viaGlobal.push(pathOf(input));
      return global(input, init);
    };
    try {
      const gate = await connectMcpGate({
        apiKey: fixture.apiKey,
        url: fixture.gateUrl,
        polling: FAST_POLLING,
        fetch,
      });
      const outcome = await gate.callTool(
        { name: "create_issue", arguments: { title: "Through a custom fetch" } },
        { onProgress: approveWhenHeld() },
      );
      await gate.close();
      expect(outcome.status).toBe("executed");
    } finally {
      globalThis.fetch = global;
    }
    expect(paths.some((path) => path.endsWith("/mcp-gate/sse"))).toBe(true);
    expect(paths.some((path) => path.includes("/gateway-proxy/status/"))).toBe(true);
    expect(viaGlobal.filter((path) => /mcp-gate|gateway-proxy/.test(path))).toEqual([]);
  });

  it.skipIf(!undici)("works with undici's fetch, alone and with undici's Request", async () => {
    const fetch = undici!.fetch as unknown as FetchFunction;
    for (const Request of [undefined, undici!.Request as unknown as typeof globalThis.Request]) {
      const gate = await connectMcpGate({
        apiKey: fixture.apiKey,
        url: fixture.gateUrl,
        polling: FAST_POLLING,
        fetch,
        ...(Request ? { Request } : {}),
      });
      const outcome = await gate.callTool(
        { name: "create_issue", arguments: { title: `undici ${Request ? "pair" : "alone"}` } },
        { onProgress: approveWhenHeld() },
      );
      await gate.close();
      expect(outcome).toMatchObject({ status: "executed", via: "sentrail_replay" });
    }
  });
});
