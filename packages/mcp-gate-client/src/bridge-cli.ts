#!/usr/bin/env node
// The `sentrail-mcp-bridge` command: a stdio MCP server that forwards to Sentrail's mcp-gate.
// stdout carries the MCP protocol; everything for people goes to stderr, and never the key.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { redactSecrets } from "@sentrail/client";
import { connectMcpGate } from "./connect-mcp-gate";
import { createHeldCallFile } from "./create-held-call-file";
import { createMcpGateBridge } from "./create-mcp-gate-bridge";
import { parseBridgeOptions } from "./parse-bridge-options";

const invocation = parseBridgeOptions(process.argv.slice(2), process.env);
if (invocation.kind === "help") {
  process.stderr.write(invocation.text);
  process.exit(0);
}
if (invocation.kind === "error") {
  process.stderr.write(`sentrail-mcp-bridge: ${invocation.message}\n`);
  process.exit(2);
}
const { options, statePath } = invocation;

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactSecrets(text.split(options.apiKey).join("[redacted]"));
}

let gate: Awaited<ReturnType<typeof connectMcpGate>>;
try {
  gate = await connectMcpGate({ ...options, clientInfo: { name: "sentrail-mcp-bridge", version: "0.1.0" } });
} catch (error) {
  process.stderr.write(`sentrail-mcp-bridge: could not connect to mcp-gate: ${describeError(error)}\n`);
  process.exit(1);
}

const announced = new Set<string>();
const bridge = createMcpGateBridge(gate, {
  ...(statePath ? { heldCalls: createHeldCallFile(statePath) } : {}),
  onProgress(progress) {
    if (announced.has(progress.approvalRequestId)) return;
    announced.add(progress.approvalRequestId);
    process.stderr.write(
      `sentrail-mcp-bridge: ${progress.toolName} awaits approval (request ${progress.approvalRequestId}): ${progress.reason}\n`,
    );
  },
});

let closing = false;
async function shutdown(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  await bridge.close().catch(() => undefined);
  await gate.close().catch(() => undefined);
  process.exit(code);
}

const transport = new StdioServerTransport();
transport.onclose = () => void shutdown(0);
process.stdin.on("end", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
await bridge.connect(transport);
process.stderr.write("sentrail-mcp-bridge: connected to mcp-gate, serving MCP on stdio\n");
