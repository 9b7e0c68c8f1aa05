import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { createIssueServer } from "./create-issue-server";

/** A running MCP SDK server over streamable HTTP on loopback. */
export interface StreamableIssueServer {
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  /** Tool name → handler runs, across sessions. */
  runs: Map<string, number>;
  /** Sessions the SDK transport opened. */
  sessions(): number;
  close(): Promise<void>;
}

/**
 * The MCP SDK's own `StreamableHTTPServerTransport` in stateful mode (a session id per `initialize`,
 * SSE replies), serving {@link createIssueServer}: the upstream a workspace connects to mcp-gate.
 *
 * @example
 * const upstream = await startStreamableIssueServer();
 * const fixture = await startGateFixture({ mcpServerUrl: upstream.url });
 */
export async function startStreamableIssueServer(): Promise<StreamableIssueServer> {
  const runs = new Map<string, number>();
  const transports = new Map<string, StreamableHTTPServerTransport>();

  const http = createServer(async (request, response) => {
    try {
      const body = request.method === "POST" ? JSON.parse(await readBody(request)) : undefined;
      const sessionId = request.headers["mcp-session-id"];
      let transport = typeof sessionId === "string" ? transports.get(sessionId) : undefined;
      if (!transport && sessionId === undefined && isInitializeRequest(body)) {
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            transports.set(id, created);
          },
        });
        await createIssueServer(runs).server.connect(created);
        transport = created;
      }
      if (!transport) {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "No session" } }),
        );
        return;
      }
      await transport.handleRequest(request, response, body);
    } catch {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    runs,
    sessions: () => transports.size,
    close: async () => {
      await Promise.all([...transports.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
