// The public API of @sentrail/mcp-gate-client. Adding a line here is an API decision.

export type {
  ConnectMcpGateOptions,
  McpGateCallOptions,
  McpGateCallOutcome,
  McpGateConnection,
  McpGateProgress,
} from "./connect-mcp-gate";
export { connectMcpGate } from "./connect-mcp-gate";
export type { McpGateBridgeOptions, McpGateHeldCalls } from "./create-mcp-gate-bridge";
export { createMcpGateBridge } from "./create-mcp-gate-bridge";
export type { McpGateTransportOptions } from "./create-mcp-gate-transport";
export { createMcpGateTransport } from "./create-mcp-gate-transport";
export type { GateMcpClientOptions } from "./gate-mcp-client";
export { gateMcpClient } from "./gate-mcp-client";
export type { McpGateEndpointOptions } from "./resolve-mcp-gate-url";
export type { McpNotExecutedMeta } from "./to-mcp-call-tool-result";
export { toMcpCallToolResult } from "./to-mcp-call-tool-result";
