import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/** A real MCP SDK server on loopback, counting how often each tool handler ran. */
export interface SdkMcpServer {
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  /** Tool name → handler runs. */
  calls: Map<string, number>;
  /** JSON-RPC methods received, in order (handshakes included). */
  methods: string[];
  /** Sessions the SDK has opened. */
  sessionCount(): number;
  /** Closes and forgets every session, as a restarted server would (the next call gets 404). */
  dropSessions(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts an `McpServer` from `@modelcontextprotocol/sdk` behind its `StreamableHTTPServerTransport` in
 * stateful mode (one transport per session, as the SDK's own examples do), with two tools:
 * `create_issue` ({ title }) and `get_issue` ({ number }). Requests without a session get the SDK's
 * `400`, unknown sessions its `404`; answers are SSE streams unless the SDK chooses JSON.
 *
 * @example
 * const upstream = await startSdkMcpServer();
 * // seed an mcp connection with mcpServerUrl: upstream.url
 */
export async function startSdkMcpServer(): Promise<SdkMcpServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const calls = new Map<string, number>();
  const methods: string[] = [];
  let nextNumber = 1;

  function createMcpServer(): McpServer {
    const server = new McpServer({ name: "sdk-test-upstream", version: "1.0.0" });
    server.registerTool(
      "create_issue",
      { description: "Create an issue", inputSchema: { title: z.string() } },
      async ({ title }) => {
        calls.set("create_issue", (calls.get("create_issue") ?? 0) + 1);
        return { content: [{ type: "text", text: `Created #${nextNumber++}: ${title}` }] };
      },
    );
    server.registerTool(
      "get_issue",
      { description: "Get an issue", inputSchema: { number: z.number().int() } },
      async ({ number }) => {
        calls.set("get_issue", (calls.get("get_issue") ?? 0) + 1);
        return { content: [{ type: "text", text: `Issue #${number}` }] };
      },
    );
    return server;
  }

  async function readJson(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? JSON.parse(text) : undefined;
  }

  const http = createServer((request, response) => {
    readJson(request)
      .then(async (body) => {
        if (body && typeof body === "object" && "method" in body) methods.push(String(body.method));
        const sessionId = request.headers["mcp-session-id"];
        let transport = typeof sessionId === "string" ? transports.get(sessionId) : undefined;
        if (!transport && typeof sessionId !== "string" && isInitializeRequest(body)) {
          const created = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (id) => {
              transports.set(id, created);
            },
          });
          await createMcpServer().connect(created);
          transport = created;
        }
        if (!transport) {
          // What the SDK's examples answer: no session (400) or an unknown one (404).
          response.writeHead(typeof sessionId === "string" ? 404 : 400, {
            "content-type": "application/json",
          });
          response.end(
            JSON.stringify({
              jsonrpc: "2.0",
              error: { code: -32000, message: "Bad Request: No valid session ID provided" },
              id: null,
            }),
          );
          return;
        }
        await transport.handleRequest(request, response, body);
      })
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500);
        response.end(String(error));
      });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    methods,
    sessionCount: () => transports.size,
    async dropSessions() {
      const open = [...transports.values()];
      transports.clear();
      await Promise.all(open.map((transport) => transport.close()));
    },
    async close() {
      await Promise.all([...transports.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
