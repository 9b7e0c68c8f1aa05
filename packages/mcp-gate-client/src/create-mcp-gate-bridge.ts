import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { McpGateConnection, McpGateProgress } from "./connect-mcp-gate";
import { toMcpCallToolResult } from "./to-mcp-call-tool-result";

/**
 * Options of {@link createMcpGateBridge}.
 *
 * @example
 * ```ts
 * const options: McpGateBridgeOptions = { onProgress: (progress) => console.error("awaiting", progress.approvalRequestId) };
 * ```
 */
export interface McpGateBridgeOptions {
  /** What the bridge tells its host in `initialize`. Default `sentrail-mcp-bridge`. */
  serverInfo?: { name: string; version: string };
  /** Called while a call waits for approval (e.g. to log to stderr). A throwing callback is ignored. */
  onProgress?: (progress: McpGateProgress) => void;
}

/**
 * An MCP server (the MCP SDK's `McpServer`, not yet connected) that forwards `tools/list` and
 * `tools/call` to mcp-gate through a {@link McpGateConnection}, so a host that only speaks stdio
 * can use the gate. `initialize` and `ping` are answered by the SDK; resources and prompts are not
 * offered, as the gate does not allow them (§11).
 *
 * `tools/call` uses the decision-aware `callTool`: a held call waits for the reviewer here (the
 * host's request stays open), with a `notifications/progress` after every status poll when the host
 * sent a `progressToken` (hosts that reset their timeout on progress then wait as long as the
 * approval does). The answer is {@link toMcpCallToolResult}: the tool's result, or an `isError`
 * result saying why it did not run. A host's cancellation aborts the wait. `tools/list` failures
 * (424 no upstream, 401) reach the host as JSON-RPC errors with the gate's message, never the key.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
 * import { connectMcpGate, createMcpGateBridge } from "@sentrail/mcp-gate-client";
 *
 * const gate = await connectMcpGate({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" });
 * await createMcpGateBridge(gate).connect(new StdioServerTransport());
 * ```
 */
export function createMcpGateBridge(
  gate: Pick<McpGateConnection, "client" | "callTool">,
  options: McpGateBridgeOptions = {},
): McpServer {
  const bridge = new McpServer(options.serverInfo ?? { name: "sentrail-mcp-bridge", version: "0.1.0" }, {
    capabilities: { tools: { listChanged: false } },
  });
  bridge.server.setRequestHandler(ListToolsRequestSchema, (request, extra) =>
    gate.client.listTools(request.params, { signal: extra.signal }),
  );
  bridge.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    const { _meta: _hostMeta, ...params } = request.params;
    const outcome = await gate.callTool(params, {
      signal: extra.signal,
      onProgress(progress) {
        options.onProgress?.(progress);
        if (progressToken === undefined) return;
        const seconds = Math.round(progress.elapsedMs / 1000);
        void extra
          .sendNotification({
            method: "notifications/progress",
            params: {
              progressToken,
              progress: progress.polls,
              message: `Awaiting human approval in Sentrail (request ${progress.approvalRequestId}, ${seconds} s)`,
            },
          })
          .catch(() => undefined);
      },
    });
    return toMcpCallToolResult(outcome);
  });
  return bridge;
}
