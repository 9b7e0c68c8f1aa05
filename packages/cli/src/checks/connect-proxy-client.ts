import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { version } from "../version";

/**
 * An MCP SDK client connected to a proxy over streamable HTTP, exactly as Claude Code or Cursor
 * connects (`initialize`, then requests on the session). Rejects when nothing answers at `url`.
 *
 * @example
 * const client = await connectProxyClient("http://127.0.0.1:3773");
 * await client.ping();
 * await client.close();
 */
export async function connectProxyClient(url: string, options: { timeoutMs?: number } = {}): Promise<Client> {
  const client = new Client({ name: "sentrail-cli-check", version });
  const signal = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const transport = new StreamableHTTPClientTransport(
    new URL(url),
    signal ? { requestInit: { signal } } : {},
  );
  await client.connect(transport, options.timeoutMs ? { timeout: options.timeoutMs } : undefined);
  return client;
}
