import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { InterceptorUpstream } from "../interceptor/create-upstream-connection";

/** A stand-in upstream that records shell commands and runs none. */
export interface RecordingUpstream {
  /** Give this to `startInterceptor`. */
  upstream: InterceptorUpstream;
  /** Every `tools/call` that reached it, in order. */
  calls: Array<{ toolName: string; arguments: Record<string, unknown> }>;
}

/**
 * An in-process MCP server (the MCP SDK's `McpServer` over `InMemoryTransport`) with one `bash`
 * tool that records its command and answers `recorded, not executed: <command>`, without running
 * anything. `sentrail demo` and `sentrail test` send their commands to it, so a destructive command
 * that a policy wrongly allowed would only be recorded, and the record proves what reached it.
 *
 * @example
 * const recorder = createRecordingUpstream();
 * const proxy = await startInterceptor({ config, upstream: recorder.upstream, port: 0 });
 * // … later: recorder.calls.length === 1
 */
export function createRecordingUpstream(): RecordingUpstream {
  const calls: RecordingUpstream["calls"] = [];
  return {
    calls,
    upstream: {
      kind: "transport",
      label: "recording stand-in (runs nothing)",
      createTransport() {
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        const server = new McpServer(
          { name: "sentrail-recording-upstream", version: "1.0.0" },
          { capabilities: { tools: {} } },
        );
        server.server.setRequestHandler(ListToolsRequestSchema, () => ({
          tools: [
            {
              name: "bash",
              description: "Records a shell command; never runs it.",
              inputSchema: {
                type: "object" as const,
                properties: { command: { type: "string" } },
                required: ["command"],
              },
            },
          ],
        }));
        server.server.setRequestHandler(CallToolRequestSchema, (request) => {
          const toolArguments = request.params.arguments ?? {};
          calls.push({ toolName: request.params.name, arguments: toolArguments });
          return {
            content: [
              { type: "text" as const, text: `recorded, not executed: ${String(toolArguments.command)}` },
            ],
          };
        });
        void server.connect(serverSide);
        return clientSide;
      },
    },
  };
}
