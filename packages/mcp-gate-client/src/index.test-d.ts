import { expectTypeOf, test } from "vitest";
import type * as api from "./index";

test("the package's runtime exports are exactly these", () => {
  expectTypeOf<keyof typeof api>().toEqualTypeOf<
    | "connectMcpGate"
    | "createMcpGateBridge"
    | "createMcpGateTransport"
    | "gateMcpClient"
    | "toMcpCallToolResult"
  >();
});

test("the outcome of a gate call carries an MCP CallToolResult when executed", () => {
  type Executed = Extract<api.McpGateCallOutcome, { status: "executed" }>;
  expectTypeOf<Executed["result"]["content"]>().toBeArray();
  expectTypeOf<api.McpGateConnection["callTool"]>().returns.resolves.toEqualTypeOf<api.McpGateCallOutcome>();
});

test("gateMcpClient returns the client's own type", () => {
  type Gate = typeof api.gateMcpClient;
  expectTypeOf<ReturnType<Gate>>().toMatchTypeOf<Parameters<Gate>[0]>();
});

test("the exported types", () => {
  expectTypeOf<api.ConnectMcpGateOptions>().toHaveProperty("apiKey");
  expectTypeOf<api.McpGateCallOptions>().toHaveProperty("onProgress");
  expectTypeOf<api.McpGateProgress>().toHaveProperty("approvalRequestId");
  expectTypeOf<api.GateMcpClientOptions>().toHaveProperty("sentrail");
  expectTypeOf<api.McpGateBridgeOptions>().toHaveProperty("onProgress");
  expectTypeOf<api.McpGateBridgeOptions>().toHaveProperty("heldCalls");
  expectTypeOf<api.McpGateHeldCalls>().toHaveProperty("get");
  expectTypeOf<api.McpGateTransportOptions>().toHaveProperty("gateUrl");
  expectTypeOf<api.McpGateEndpointOptions>().toHaveProperty("projectRef");
  expectTypeOf<api.McpNotExecutedMeta>().toHaveProperty("retrySafe");
});
