import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One tool of the test's MCP server: its handler runs once per `tools/call` that reaches it. */
export interface TestMcpTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  handler(args: Record<string, unknown>): {
    content: Array<{ type: "text"; text: string }>;
    isError?: boolean;
  };
}

/** A running streamable-HTTP MCP server on loopback. */
export interface StreamableMcpServer {
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  /** Every JSON-RPC method received, in order (handshakes included). */
  methods: string[];
  /** `Authorization` header of every request. */
  authorizations: Array<string | undefined>;
  /** Tool name → how many times its handler ran. */
  calls: Map<string, number>;
  /** Forgets every session, as a restarted server would (the next call gets 404). */
  dropSessions(): void;
  close(): Promise<void>;
}

const SUPPORTED_VERSIONS = ["2025-06-18", "2025-03-26", "2024-11-05"];

/**
 * Starts an MCP server speaking the streamable-HTTP transport the way the MCP TypeScript SDK's
 * `StreamableHTTPServerTransport` does in stateful mode (sessionIdGenerator set, SSE replies):
 *
 * - `POST` only, and `Accept` must list both `application/json` and `text/event-stream` (else `406`);
 * - `initialize` (without a session id) creates a session and answers `Mcp-Session-Id`;
 * - any other request without a session id → `400` "Bad Request: No valid session ID provided";
 *   with an unknown one → `404` "Session not found";
 * - notifications → `202`; requests are answered as an SSE `event: message` stream;
 * - `tools/list` and `tools/call` as the MCP spec says; an unknown tool → a `-32602` error.
 *
 * `mcp-sdk-upstream.integration.test.ts` uses the SDK itself; this stand-in adds what is awkward to
 * arrange there: a required upstream credential, and every request's `Authorization` and method on
 * record.
 *
 * @example
 * const upstream = await startStreamableMcpServer([createIssueTool]);
 * // seed an mcp connection with mcpServerUrl: upstream.url
 */
export async function startStreamableMcpServer(
  tools: TestMcpTool[],
  options: { requiredAuthorization?: string } = {},
): Promise<StreamableMcpServer> {
  const sessions = new Set<string>();
  const methods: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const calls = new Map<string, number>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handle(request, response, Buffer.concat(chunks).toString("utf8")));
  });

  function sendJson(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  }

  function sendSse(response: ServerResponse, message: unknown, headers: Record<string, string> = {}) {
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
      ...headers,
    });
    response.end(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  function handle(request: IncomingMessage, response: ServerResponse, body: string) {
    authorizations.push(request.headers.authorization);
    if (request.method !== "POST") {
      sendJson(response, 405, {
        jsonrpc: "2.0",
        error: { code: -32000, message: "Method not allowed." },
        id: null,
      });
      return;
    }
    if (options.requiredAuthorization && request.headers.authorization !== options.requiredAuthorization) {
      sendJson(response, 401, { error: "invalid_token" });
      return;
    }
    const accept = request.headers.accept ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
      sendJson(response, 406, {
        jsonrpc: "2.0",
        error: {
          code: -32000,
          message: "Not Acceptable: Client must accept both application/json and text/event-stream",
        },
        id: null,
      });
      return;
    }
    let message: {
      jsonrpc?: string;
      id?: string | number;
      method?: string;
      params?: Record<string, unknown>;
    };
    try {
      message = JSON.parse(body);
    } catch {
      sendJson(response, 400, { jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null });
      return;
    }
    methods.push(message.method ?? "(none)");
    const sessionId = request.headers["mcp-session-id"];

    if (message.method === "initialize") {
      const id = randomUUID();
      sessions.add(id);
      const requested = String(message.params?.protocolVersion ?? "");
      sendSse(
        response,
        {
          result: {
            protocolVersion: SUPPORTED_VERSIONS.includes(requested) ? requested : SUPPORTED_VERSIONS[0],
            capabilities: { tools: { listChanged: true } },
            serverInfo: { name: "test-upstream", version: "1.0.0" },
          },
          jsonrpc: "2.0",
          id: message.id,
        },
        { "mcp-session-id": id },
      );
      return;
    }
    if (typeof sessionId !== "string") {
      sendJson(response, 400, {
        jsonrpc: "2.0",
        error: { code: -32000, message: "Bad Request: No valid session ID provided" },
        id: null,
      });
      return;
    }
    if (!sessions.has(sessionId)) {
      sendJson(response, 404, {
        jsonrpc: "2.0",
        error: { code: -32001, message: "Session not found" },
        id: null,
      });
      return;
    }
    if (message.id === undefined) {
      response.writeHead(202);
      response.end();
      return;
    }
    if (message.method === "tools/list") {
      sendSse(response, {
        result: {
          tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
        },
        jsonrpc: "2.0",
        id: message.id,
      });
      return;
    }
    if (message.method === "tools/call") {
      const name = String(message.params?.name ?? "");
      const tool = tools.find((candidate) => candidate.name === name);
      if (!tool) {
        sendSse(response, {
          jsonrpc: "2.0",
          id: message.id,
          error: { code: -32602, message: `Tool ${name} not found` },
        });
        return;
      }
      calls.set(name, (calls.get(name) ?? 0) + 1);
      const args = (message.params?.arguments ?? {}) as Record<string, unknown>;
      sendSse(response, { result: tool.handler(args), jsonrpc: "2.0", id: message.id });
      return;
    }
    if (message.method === "ping") {
      sendSse(response, { result: {}, jsonrpc: "2.0", id: message.id });
      return;
    }
    sendSse(response, {
      jsonrpc: "2.0",
      id: message.id,
      error: { code: -32601, message: "Method not found" },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    methods,
    authorizations,
    calls,
    dropSessions: () => sessions.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
