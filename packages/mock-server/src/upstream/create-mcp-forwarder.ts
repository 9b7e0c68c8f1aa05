import { readFirstSseMessage } from "./read-first-sse-message.js";
import { UpstreamNetworkError, type UpstreamRequest, type UpstreamResponse } from "./upstream-types.js";

/** The MCP protocol version the forwarder asks for in its own `initialize`. */
const REQUESTED_PROTOCOL_VERSION = "2025-06-18";

/** Headers a streamable-HTTP MCP client must send with every POST (MCP spec, transports). */
const STREAMABLE_ACCEPT = "application/json, text/event-stream";

/** Response headers that describe the wire encoding, which no longer holds once the body is text. */
const DROPPED_RESPONSE_HEADERS = new Set([
  "content-encoding",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
]);

/** What the forwarder learned from one upstream's handshake. */
interface McpSession {
  /** `Mcp-Session-Id` to send back, or null for a stateless / handshake-less upstream. */
  sessionId: string | null;
  /** Negotiated version for the `MCP-Protocol-Version` header, or null when unknown. */
  protocolVersion: string | null;
}

/** Options for {@link createMcpForwarder}. */
export interface McpForwarderOptions {
  /** Returns the fetch to use, read at call time so a test may swap `globalThis.fetch`. */
  fetch: () => typeof globalThis.fetch;
}

/** Forwards JSON-RPC messages to real MCP servers over streamable HTTP. */
export interface McpForwarder {
  /**
   * Sends one JSON-RPC message and resolves with the upstream's answer, an SSE reply converted to a
   * plain `application/json` body. Rejects with `UpstreamNetworkError` when the upstream cannot be
   * reached or ends an event stream without answering. Must run inside the caller's timeout: `signal`
   * aborts every request of the exchange, handshake included.
   */
  forward(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse>;
  /** Forgets every session (the next call performs a new handshake). */
  reset(): void;
}

/**
 * Creates the client half of MCP's streamable-HTTP transport that the mock uses for `mcp` connections
 * with a real `mcpServerUrl` (contract §11, mock-server.md §5).
 *
 * How it works: each message is POSTed with `Accept: application/json, text/event-stream`. A real MCP
 * SDK server refuses calls outside a session, so before the first forwarded call to a URL (per URL and
 * credential) the forwarder performs `initialize` + `notifications/initialized` once, keeps the
 * `Mcp-Session-Id` it answers and sends it, with `MCP-Protocol-Version`, on every later call. A `404`
 * to a call that carried a session id means the session expired: the forwarder re-initializes and
 * resends that call once (the server refused it without running it). An upstream whose `initialize`
 * fails (non-2xx or a JSON-RPC error) is treated as handshake-less and gets the messages as they are.
 * An SSE reply is read up to the JSON-RPC response carrying the request's id.
 *
 * The handshake is the mock's own business: only the forwarded message is recorded by the dispatcher,
 * never `initialize` / `notifications/initialized`, so `upstreamRequests` shows what the agent caused.
 *
 * @example
 * const forwarder = createMcpForwarder({ fetch: () => globalThis.fetch });
 * const answer = await forwarder.forward(request, AbortSignal.timeout(30_000));
 */
export function createMcpForwarder(options: McpForwarderOptions): McpForwarder {
  const sessions = new Map<string, Promise<McpSession>>();
  let nextHandshakeId = 1;

  function sessionKey(request: UpstreamRequest): string {
    // One session per server URL and credential: two workspaces with different tokens for the same
    // server must not share a session the server bound to the first token.
    return `${request.url}\n${request.headers.authorization ?? ""}`;
  }

  async function post(
    request: UpstreamRequest,
    body: string,
    session: McpSession | null,
    signal: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      ...request.headers,
      "content-type": "application/json",
      accept: STREAMABLE_ACCEPT,
    };
    if (session?.sessionId) headers["mcp-session-id"] = session.sessionId;
    if (session?.protocolVersion) headers["mcp-protocol-version"] = session.protocolVersion;
    return options.fetch()(request.url, { method: "POST", headers, body, signal });
  }

  async function handshake(request: UpstreamRequest, signal: AbortSignal): Promise<McpSession> {
    const id = `sentrail-mock-initialize-${nextHandshakeId++}`;
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "initialize",
      params: {
        protocolVersion: REQUESTED_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: "sentrail-mock", version: "0.1.0" },
      },
    });
    const response = await post(request, initialize, null, signal);
    const message = await readJsonRpcMessage(response, id);
    const result = message?.result;
    if (!response.ok || !result || typeof result !== "object") {
      // Not an MCP server that does handshakes (or it refused ours): forward the calls bare.
      return { sessionId: null, protocolVersion: null };
    }
    const version = (result as { protocolVersion?: unknown }).protocolVersion;
    const session: McpSession = {
      sessionId: response.headers.get("mcp-session-id"),
      protocolVersion: typeof version === "string" ? version : null,
    };
    const initialized = await post(
      request,
      JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
      session,
      signal,
    );
    // The acknowledgement carries no information; drain it so the connection can be reused.
    await initialized.body?.cancel().catch(() => undefined);
    return session;
  }

  function sessionFor(request: UpstreamRequest, signal: AbortSignal): Promise<McpSession> {
    const key = sessionKey(request);
    const known = sessions.get(key);
    if (known) return known;
    // Concurrent first calls share one handshake.
    const pending = handshake(request, signal);
    sessions.set(key, pending);
    pending.catch(() => {
      if (sessions.get(key) === pending) sessions.delete(key);
    });
    return pending;
  }

  return {
    async forward(request, signal) {
      const body = request.body ?? "";
      const requestId = readRequestId(body);
      let session = await sessionFor(request, signal);
      let response = await post(request, body, session, signal);
      if (response.status === 404 && session.sessionId) {
        await response.body?.cancel().catch(() => undefined);
        const key = sessionKey(request);
        if (sessions.get(key) !== undefined) sessions.delete(key);
        session = await sessionFor(request, signal);
        response = await post(request, body, session, signal);
      }
      return toUpstreamResponse(response, requestId);
    },
    reset() {
      sessions.clear();
    },
  };
}

async function toUpstreamResponse(response: Response, requestId: unknown): Promise<UpstreamResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) headers[name] = value;
  });
  if (isEventStream(response)) {
    const message = await readJsonRpcMessage(response, requestId);
    if (!message) {
      throw new UpstreamNetworkError(
        "Upstream MCP server closed its event stream without a JSON-RPC response",
      );
    }
    headers["content-type"] = "application/json";
    return { status: response.status, headers, body: JSON.stringify(message) };
  }
  return { status: response.status, headers, body: await response.text() };
}

/** The JSON-RPC message of a reply, JSON or SSE; for SSE, the response to `requestId` when it has one. */
async function readJsonRpcMessage(
  response: Response,
  requestId: unknown,
): Promise<Record<string, unknown> | null> {
  if (isEventStream(response)) {
    if (!response.body) return null;
    return readFirstSseMessage(response.body, (message) =>
      requestId === undefined
        ? true
        : message.id === requestId && ("result" in message || "error" in message),
    );
  }
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function isEventStream(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").toLowerCase().includes("text/event-stream");
}

function readRequestId(body: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      return (parsed as { id?: unknown }).id;
    }
  } catch {
    // Unreadable bodies are forwarded as they are; the first SSE message then answers.
  }
  return undefined;
}
