import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema,
  isInitializeRequest,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

/** A tools/call the upstream received. */
export interface RecordedCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** A real MCP SDK server over streamable HTTP on loopback whose tools record their calls. */
export interface HttpUpstream {
  url: string;
  calls: RecordedCall[];
  /** tools/list requests received. */
  listRequests(): number;
  close(): Promise<void>;
}

/**
 * The MCP SDK's `StreamableHTTPServerTransport` (stateful, one session per initialize) serving
 * `bash`, `get_issue` and `delete_issue`, which record and run nothing. `get_issue` with
 * `{ number: -1 }` answers the JSON-RPC error `-32602 "No such issue"`.
 *
 * @example
 * const upstream = await startHttpUpstream();
 */
export async function startHttpUpstream(): Promise<HttpUpstream> {
  const calls: RecordedCall[] = [];
  let lists = 0;
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const createUpstreamServer = () => {
    const server = new McpServer(
      { name: "recording-http", version: "1.0.0" },
      { capabilities: { tools: {} } },
    );
    server.server.setRequestHandler(ListToolsRequestSchema, () => {
      lists += 1;
      return {
        tools: ["bash", "get_issue", "delete_issue"].map((name) => ({
          name,
          inputSchema: { type: "object" as const, properties: {} },
        })),
      };
    });
    server.server.setRequestHandler(CallToolRequestSchema, (request) => {
      const toolArguments = request.params.arguments ?? {};
      if (request.params.name === "get_issue" && toolArguments.number === -1) {
        throw Object.assign(new Error("No such issue"), { code: -32602, data: { number: -1 } });
      }
      calls.push({ name: request.params.name, arguments: toolArguments });
      return {
        content: [{ type: "text" as const, text: `upstream ran ${request.params.name}` }],
        structuredContent: { exact: true, n: calls.length },
      };
    });
    return server;
  };
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
        await createUpstreamServer().connect(created);
        transport = created;
      }
      if (!transport) {
        response.writeHead(400).end();
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
    calls,
    listRequests: () => lists,
    async close() {
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
