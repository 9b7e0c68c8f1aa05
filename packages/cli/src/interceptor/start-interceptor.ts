import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema,
  isInitializeRequest,
  ListToolsRequestSchema,
  type Result,
} from "@modelcontextprotocol/sdk/types.js";
import {
  createGuard,
  createSentrailClient,
  type FetchFunction,
  type GuardToolOptions,
  redactSecrets,
} from "@sentrail/client";
import type { SentrailConfig } from "../config/sentrail-config";
import { version } from "../version";
import { classifyToolCall } from "./classify-tool-call";
import {
  createUpstreamConnection,
  type InterceptorUpstream,
  type UpstreamConnection,
} from "./create-upstream-connection";
import type { InterceptedCall, InterceptorEvent } from "./interceptor-event";
import { isLoopbackHost } from "./is-loopback-host";
import { JsonRpcError } from "./json-rpc-error";
import { toJsonRpcError } from "./to-json-rpc-error";

/** Options of {@link startInterceptor}. */
export interface StartInterceptorOptions {
  /** Sentrail's key and API base (the config's `apiKey` and `cloudUrl`), and the default `port`. */
  config: Pick<SentrailConfig, "apiKey" | "cloudUrl"> & Partial<Pick<SentrailConfig, "port">>;
  /** Where allowed calls go; `null` answers `tools/list` and `tools/call` with `-32000`. */
  upstream: InterceptorUpstream | null;
  /** Address to bind. Default `127.0.0.1` (loopback only: the proxy has no authentication). */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default `config.port`, else 3773. */
  port?: number;
  /** Sent as `agentId` with every evaluation. Default `sentrail-cli`. */
  agentId?: string;
  /** How a held call waits: contract §14's 10 minutes by default. */
  approvalTimeoutMs?: number;
  /** Status poll interval while a call is held. Default 2000 ms (contract §14). */
  pollIntervalMs?: number;
  /** Evaluate-action timeout; past it the call fails closed. Default 10 000 ms (contract §14). */
  evaluateTimeoutMs?: number;
  /** How long a `tools/list` answer is reused. Default 60 000 ms (contract §11). */
  toolsListTtlMs?: number;
  /** The fetch used to reach Sentrail (tests, an in-process mock). Default `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** Every decision and upstream problem, for the decision log. A throwing listener is ignored. */
  onEvent?: (event: InterceptorEvent) => void;
}

/** A running proxy. */
export interface RunningInterceptor {
  /** `http://<host>:<port>`: what an MCP client (Claude Code, Cursor) connects to, at `/` or `/mcp`. */
  url: string;
  port: number;
  /** The upstream's label (URL or command), or null without one. */
  upstream: string | null;
  /** Closes every MCP session, the HTTP server and the upstream (a stdio child is stopped). Idempotent. */
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: Server;
}

/**
 * Starts the local interceptor of `sentrail start` (contract §14): an MCP server over streamable
 * HTTP (the MCP SDK's server transport, one session per `initialize`) in front of one upstream MCP
 * server (streamable HTTP or stdio). Only `initialize`, `ping` (both answered here), `tools/list`
 * (forwarded, cached 60 s, returned unchanged) and `tools/call` are served; every other method is
 * `-32601 "Method not allowed by Sentrail: <method>"`.
 *
 * Each `tools/call` goes through the guard of `@sentrail/client` (the decision state machine every
 * adapter uses): classified locally ({@link classifyToolCall}), evaluated with `tool: "mcp"` and the
 * caller-supplied action and risk, then forwarded once on `allow` (the upstream's result returned
 * unchanged), never forwarded on `block`, and held on `require_approval` (polled every 2 s, forwarded
 * once on `approved`; after 10 minutes, or when denied or expired, `-32001`). The errors are those of
 * {@link toJsonRpcError}.
 *
 * How it fails: closed. Sentrail unreachable, slower than 10 s, or answering anything but a 200 with
 * a decision → `-32001 "Sentrail unreachable; failing closed"`, and the upstream is not contacted.
 * An upstream that cannot be reached at start rejects the start (nothing keeps listening); later
 * upstream failures answer `-32000` and the next call reconnects. A port in use rejects with Node's
 * `EADDRINUSE`. Requests whose `Host` is not a loopback name are refused (403) while bound to
 * loopback, against DNS rebinding.
 *
 * @example
 * const proxy = await startInterceptor({
 *   config: { apiKey: process.env.SENTRAIL_API_KEY!, cloudUrl: "https://abcd1234.supabase.co/functions/v1" },
 *   upstream: { kind: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "."] },
 *   port: 3773,
 *   onEvent: (event) => console.error(event),
 * });
 * // MCP clients connect to proxy.url; later:
 * await proxy.close();
 */
export async function startInterceptor(options: StartInterceptorOptions): Promise<RunningInterceptor> {
  const host = options.host ?? "127.0.0.1";
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const evaluateTimeoutMs = options.evaluateTimeoutMs ?? 10_000;
  const toolsListTtlMs = options.toolsListTtlMs ?? 60_000;
  const emit = (event: InterceptorEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A log listener must never change what the agent gets.
    }
  };

  const client = createSentrailClient({
    apiKey: options.config.apiKey,
    baseUrl: options.config.cloudUrl,
    timeoutMs: evaluateTimeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // Per tool name, filled as names are seen; `tools/call` names are arbitrary, hence no prototype.
  const tools: Record<string, GuardToolOptions> = Object.create(null);
  const guard = createGuard({
    client,
    agentId: options.agentId ?? "sentrail-cli",
    tools,
    replay: "self",
    failMode: "closed",
    approvalTimeoutMs: options.approvalTimeoutMs ?? 600_000,
    evaluateTimeoutMs,
    // Every 2 s exactly (contract §14): no growth, no jitter.
    polling: {
      initialDelayMs: pollIntervalMs,
      multiplier: 1,
      maxDelayMs: pollIntervalMs,
      random: () => 0.5,
    },
    onDecision(event) {
      if (event.enforcement !== "wait" || event.evaluation?.decision !== "require_approval") return;
      emit({
        kind: "awaiting_approval",
        call: describeCall(event.toolName, event.input.payload),
        approvalRequestId: event.evaluation.approvalRequestId,
        reason: event.evaluation.reason,
      });
    },
  });

  const upstream: UpstreamConnection | null = options.upstream
    ? createUpstreamConnection(options.upstream)
    : null;
  if (upstream) await upstream.connect();

  let toolsListCache: { at: number; result: Result } | null = null;

  async function listTools(params: Record<string, unknown> | undefined, signal: AbortSignal) {
    if (!upstream) throw noUpstream();
    const cacheable = params?.cursor === undefined;
    if (cacheable && toolsListCache && Date.now() - toolsListCache.at < toolsListTtlMs) {
      return toolsListCache.result;
    }
    const result = await upstream.request("tools/list", params ?? {}, signal).catch((error: unknown) => {
      throw upstreamFailure(error);
    });
    if (cacheable) toolsListCache = { at: Date.now(), result };
    return result;
  }

  async function callTool(
    params: { name: string; arguments?: Record<string, unknown>; _meta?: object },
    signal: AbortSignal,
  ) {
    if (!upstream) throw noUpstream();
    const started = Date.now();
    const call = describeCall(params.name, params.arguments);
    tools[params.name] ??= {
      evaluation: (guarded) => {
        const { action, riskLevel } = classifyToolCall(guarded.toolName, guarded.input);
        return { tool: "mcp", action, riskLevel };
      },
    };
    // The host's progress token is its own: the upstream's progress has nowhere to go.
    const { progressToken: _token, ...meta } = (params._meta ?? {}) as Record<string, unknown>;
    const forwarded = {
      name: params.name,
      ...(params.arguments !== undefined ? { arguments: params.arguments } : {}),
      ...(Object.keys(meta).length > 0 ? { _meta: meta } : {}),
    };
    let reached = false;
    const outcome = await guard.run(
      { toolName: params.name, input: params.arguments ?? {} },
      ({ signal: runSignal }) => {
        reached = true;
        return upstream.request("tools/call", forwarded, runSignal);
      },
      { signal },
    );
    emit({
      kind: "settled",
      call,
      status: outcome.status,
      forwarded: reached,
      reason: outcome.reason,
      approvalRequestId: outcome.approvalRequestId,
      durationMs: Date.now() - started,
    });
    if (outcome.status === "executed") return outcome.result;
    throw toJsonRpcError(outcome);
  }

  function noUpstream(): JsonRpcError {
    return new JsonRpcError(
      -32000,
      "No upstream MCP server connected (set upstreamMcpUrl or --upstream-command)",
    );
  }

  function upstreamFailure(error: unknown): unknown {
    if (error instanceof Error && "code" in error && typeof error.code === "number") return error;
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    emit({ kind: "upstream_error", message });
    return new JsonRpcError(-32000, "Upstream MCP server error", { reason: message });
  }

  function createSessionServer(): Server {
    // The SDK's low-level `Server`, not `McpServer`: every handler is set here, and `server/mcp.js`
    // (its tool registry, schema conversion) is start-up time `sentrail start` does not need.
    // `listChanged: true` is what `McpServer` advertised (its tool handlers merged it over the
    // `false` given here before), so `initialize` answers exactly as it did.
    const server = new Server(
      { name: "sentrail", version },
      { capabilities: { tools: { listChanged: true } } },
    );
    server.setRequestHandler(ListToolsRequestSchema, (request, extra) =>
      listTools(request.params, extra.signal),
    );
    server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
      callTool(request.params, extra.signal),
    );
    // The allow-list (contract §14): resources/*, prompts/* and custom methods would bypass evaluation.
    server.fallbackRequestHandler = async (request) => {
      throw new JsonRpcError(-32601, `Method not allowed by Sentrail: ${request.method}`);
    };
    return server;
  }

  const sessions = new Map<string, Session>();
  const loopbackOnly = isLoopbackHost(host);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (loopbackOnly && !isLoopbackHost(hostName(request.headers.host))) {
      return answer(response, 403, null, "Forbidden: not a loopback Host header");
    }
    if (url.pathname !== "/" && url.pathname !== "/mcp") return answer(response, 404, null, "Not found");
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return answer(response, 404, null, "Session not found");
      return session.transport.handleRequest(request, response);
    }
    if (request.method !== "POST")
      return answer(response, 400, null, "Bad Request: no session; send initialize first");
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return answer(response, 400, -32700, "Parse error");
    }
    if (!isInitializeRequest(body))
      return answer(response, 400, null, "Bad Request: no session; send initialize first");
    const server = createSessionServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      emit({ kind: "upstream_error", message: redactSecrets(`request failed: ${String(error)}`) });
      if (!response.headersSent) answer(response, 500, -32603, "Internal error");
      else response.end();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(options.port ?? options.config.port ?? 3773, host, () => {
        http.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await upstream?.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    upstream: upstream?.label ?? null,
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...sessions.values()].map((session) => session.server.close()));
        sessions.clear();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await upstream?.close();
      })();
      return closing;
    },
  };
}

function describeCall(toolName: string, toolArguments: unknown): InterceptedCall {
  const { action, riskLevel, command } = classifyToolCall(toolName, toolArguments);
  return { toolName, action, riskLevel, command };
}

function hostName(header: string | undefined): string {
  if (!header) return "";
  if (header.startsWith("[")) return header.slice(0, header.indexOf("]") + 1);
  return header.split(":")[0] ?? "";
}

function answer(response: ServerResponse, status: number, code: number | null, message: string): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: code ?? -32000, message } }));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 4 * 1024 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
