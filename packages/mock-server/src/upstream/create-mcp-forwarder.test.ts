import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createUpstreamDispatcher } from "./create-upstream-dispatcher.js";
import { UpstreamNetworkError, type UpstreamRequest } from "./upstream-types.js";

/**
 * A stand-in for an MCP SDK server behind StreamableHTTPServerTransport: sessions from `initialize`,
 * 400 without a session, 404 for an unknown one, replies as SSE on a stream it keeps open.
 */
interface SessionServer {
  url: string;
  methods: string[];
  toolCalls: number;
  sessions: Set<string>;
  acceptHeaders: string[];
  close(): Promise<void>;
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function listen(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void) {
  const server = createServer((request, response) => {
    readBody(request).then((body) => handler(request, response, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/mcp` };
}

async function startSessionServer(options: { sseKeepOpen?: boolean } = {}): Promise<SessionServer> {
  let nextSession = 1;
  const state = {
    methods: [] as string[],
    toolCalls: 0,
    sessions: new Set<string>(),
    acceptHeaders: [] as string[],
  };
  const { server, url } = await listen((request, response, body) => {
    const message = JSON.parse(body) as { id?: number | string; method: string; params?: { name?: string } };
    state.methods.push(message.method);
    state.acceptHeaders.push(String(request.headers.accept));
    const sessionId = request.headers["mcp-session-id"];
    if (message.method === "initialize") {
      const id = `session-${nextSession++}`;
      state.sessions.add(id);
      response.writeHead(200, { "content-type": "text/event-stream", "mcp-session-id": id });
      response.end(
        `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "t", version: "1" } } })}\n\n`,
      );
      return;
    }
    if (typeof sessionId !== "string") {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: null,
          error: { code: -32000, message: "Bad Request: No valid session ID provided" },
        }),
      );
      return;
    }
    if (!state.sessions.has(sessionId)) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } }),
      );
      return;
    }
    if (message.id === undefined) {
      response.writeHead(202);
      response.end();
      return;
    }
    if (message.method === "tools/call") state.toolCalls += 1;
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(
      `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1 } })}\n\n`,
    );
    response.write(
      `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { content: [{ type: "text", text: `ran ${message.params?.name}` }] } })}\n\n`,
    );
    if (!options.sseKeepOpen) response.end();
  });
  return {
    url,
    ...state,
    get methods() {
      return state.methods;
    },
    get toolCalls() {
      return state.toolCalls;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function toolCall(url: string, id: number, name = "create_issue"): UpstreamRequest {
  return {
    tool: "mcp",
    method: "POST",
    url,
    headers: { "content-type": "application/json", authorization: "Bearer mcp_token_123" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name, arguments: { title: "Bug" } },
    }),
    useFake: false,
  };
}

const now = () => new Date("2025-01-01T00:00:00.000Z");

describe("MCP forwarding over streamable HTTP", () => {
  it("performs one handshake per URL, keeps the session and reads the SSE reply to its own id", async () => {
    const upstream = await startSessionServer({ sseKeepOpen: true });
    const dispatcher = createUpstreamDispatcher({ now });
    const first = await dispatcher.send(toolCall(upstream.url, 3));
    const second = await dispatcher.send(toolCall(upstream.url, 4, "get_issue"));
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(first.body)).toEqual({
      jsonrpc: "2.0",
      id: 3,
      result: { content: [{ type: "text", text: "ran create_issue" }] },
    });
    expect(JSON.parse(second.body).id).toBe(4);
    expect(upstream.methods).toEqual(["initialize", "notifications/initialized", "tools/call", "tools/call"]);
    expect(upstream.toolCalls).toBe(2);
    expect(new Set(upstream.acceptHeaders)).toEqual(new Set(["application/json, text/event-stream"]));
  });

  it("records only the forwarded calls, never the handshake", async () => {
    const upstream = await startSessionServer();
    const dispatcher = createUpstreamDispatcher({ now });
    await dispatcher.send(toolCall(upstream.url, 1));
    expect(dispatcher.records()).toEqual([
      {
        tool: "mcp",
        method: "POST",
        url: upstream.url,
        headers: { "content-type": "application/json", authorization: "[redacted]" },
        body: {
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "create_issue", arguments: { title: "Bug" } },
        },
        at: "2025-01-01T00:00:00.000Z",
      },
    ]);
  });

  it("re-initializes once when the server answers 404 for an expired session, running the tool once", async () => {
    const upstream = await startSessionServer();
    const dispatcher = createUpstreamDispatcher({ now });
    await dispatcher.send(toolCall(upstream.url, 1));
    upstream.sessions.clear();
    const answer = await dispatcher.send(toolCall(upstream.url, 2));
    expect(JSON.parse(answer.body).result).toBeDefined();
    expect(upstream.toolCalls).toBe(2);
    expect(upstream.methods.filter((method) => method === "initialize")).toHaveLength(2);
    expect(dispatcher.records()).toHaveLength(2);
  });

  it("forwards messages bare to an upstream that refuses the handshake", async () => {
    const seen: string[] = [];
    const { url } = await listen((_request, response, body) => {
      const message = JSON.parse(body);
      seen.push(message.method);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify(
          message.method === "initialize"
            ? { jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "Method not found" } }
            : { jsonrpc: "2.0", id: message.id, result: { tools: [] } },
        ),
      );
    });
    const dispatcher = createUpstreamDispatcher({ now });
    const request = {
      ...toolCall(url, 5),
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/list" }),
    };
    await dispatcher.send(request);
    const answer = await dispatcher.send(request);
    expect(JSON.parse(answer.body)).toEqual({ jsonrpc: "2.0", id: 5, result: { tools: [] } });
    expect(seen).toEqual(["initialize", "tools/list", "tools/list"]);
  });

  it("passes a non-2xx upstream answer through for the engine to judge", async () => {
    const { url } = await listen((_request, response, body) => {
      const message = JSON.parse(body);
      if (message.method === "initialize") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { protocolVersion: "2025-06-18" } }),
        );
        return;
      }
      if (message.id === undefined) {
        response.writeHead(202);
        response.end();
        return;
      }
      response.writeHead(500, { "content-type": "text/plain" });
      response.end("upstream exploded");
    });
    const answer = await createUpstreamDispatcher({ now }).send(toolCall(url, 1));
    expect(answer.status).toBe(500);
    expect(answer.body).toBe("upstream exploded");
  });

  it("fails with UpstreamNetworkError when the server never answers within the timeout", async () => {
    const { url } = await listen(() => {
      // Never answers: the forwarder's timeout must end the exchange.
    });
    const dispatcher = createUpstreamDispatcher({ now, timeoutMs: 100 });
    await expect(dispatcher.send(toolCall(url, 1))).rejects.toThrow(UpstreamNetworkError);
  });

  it("fails with UpstreamNetworkError when nothing listens on the URL", async () => {
    const { server, url } = await listen(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    await expect(createUpstreamDispatcher({ now }).send(toolCall(url, 1))).rejects.toThrow(
      /Upstream request failed/,
    );
  });

  it("fails with UpstreamNetworkError when an event stream ends without the response", async () => {
    const { url } = await listen((_request, response, body) => {
      const message = JSON.parse(body);
      if (message.method === "initialize") {
        response.writeHead(400);
        response.end();
        return;
      }
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(`data: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/message" })}\n\n`);
    });
    await expect(createUpstreamDispatcher({ now }).send(toolCall(url, 1))).rejects.toThrow(
      /closed its event stream/,
    );
  });
});
