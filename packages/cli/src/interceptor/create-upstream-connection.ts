import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type Result, ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { version } from "../version";

/** Where the proxy forwards allowed calls: one upstream MCP server. */
export type InterceptorUpstream =
  /** Streamable HTTP (`upstreamMcpUrl`), optionally with headers such as the server's own token. */
  | { kind: "http"; url: string; headers?: Record<string, string> }
  /** A stdio server the proxy spawns (`--upstream-command`); its stderr goes to the proxy's stderr. */
  | { kind: "stdio"; command: string; args?: string[]; cwd?: string; env?: Record<string, string> }
  /** Any MCP client transport, made anew on every (re)connect, e.g. the SDK's `InMemoryTransport`. */
  | { kind: "transport"; createTransport: () => Transport; label?: string };

/** A lazily (re)connected MCP client to the upstream. */
export interface UpstreamConnection {
  /** For logs: the URL, the command, or the transport's label. Never contains headers. */
  readonly label: string;
  /** Connects now (the proxy does at start, to fail early); later calls reuse the connection. */
  connect(): Promise<void>;
  /** Sends one request and answers the upstream's `result` object unchanged. */
  request(method: "tools/list" | "tools/call", params: unknown, signal?: AbortSignal): Promise<Result>;
  close(): Promise<void>;
}

/** How long an allowed call may run upstream before the proxy answers `-32000`. */
const UPSTREAM_TIMEOUT_MS = 5 * 60_000;

/**
 * Wraps the MCP SDK's `Client` over the upstream's transport. Connects on first use and again after
 * the upstream went away (a stdio server that exited, an HTTP server that restarted); a failed
 * connect rejects that request and the next one tries again. Requests are sent with the SDK's
 * loose `ResultSchema`, so results reach the agent exactly as the upstream sent them, and an upstream
 * JSON-RPC error rejects with the SDK's `McpError` (its `code` and `data` kept).
 *
 * The stdio child inherits the proxy's environment except `SENTRAIL_API_KEY` (the upstream has no use
 * for Sentrail's key).
 *
 * @example
 * const upstream = createUpstreamConnection({ kind: "stdio", command: "npx", args: ["-y", "some-server"] });
 * await upstream.connect();
 * const { tools } = await upstream.request("tools/list", {});
 */
export function createUpstreamConnection(upstream: InterceptorUpstream): UpstreamConnection {
  let connecting: Promise<Client> | null = null;
  let closed = false;

  async function createTransport(): Promise<Transport> {
    if (upstream.kind === "http") {
      return new StreamableHTTPClientTransport(new URL(upstream.url), {
        requestInit: upstream.headers ? { headers: upstream.headers } : {},
      });
    }
    if (upstream.kind === "stdio") {
      // Loaded only for a stdio upstream (cross-spawn and friends): an HTTP upstream skips it.
      const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
      const { SENTRAIL_API_KEY: _key, ...inherited } = process.env;
      return new StdioClientTransport({
        command: upstream.command,
        args: upstream.args ?? [],
        env: upstream.env ?? (inherited as Record<string, string>),
        stderr: "inherit",
        ...(upstream.cwd ? { cwd: upstream.cwd } : {}),
      });
    }
    return upstream.createTransport();
  }

  function client(): Promise<Client> {
    if (closed) return Promise.reject(new Error("the upstream connection is closed"));
    if (connecting) return connecting;
    const attempt = (async () => {
      const created = new Client({ name: "sentrail", version });
      const transport = await createTransport();
      created.onclose = () => {
        if (connecting === attempt) connecting = null;
      };
      await created.connect(transport);
      return created;
    })();
    connecting = attempt;
    attempt.catch(() => {
      if (connecting === attempt) connecting = null;
    });
    return attempt;
  }

  return {
    label:
      upstream.kind === "http"
        ? upstream.url
        : upstream.kind === "stdio"
          ? [upstream.command, ...(upstream.args ?? [])].join(" ")
          : (upstream.label ?? "in-process transport"),
    async connect() {
      await client();
    },
    async request(method, params, signal) {
      const connected = await client();
      return connected.request({ method, params: params as Record<string, unknown> }, ResultSchema, {
        ...(signal ? { signal } : {}),
        timeout: UPSTREAM_TIMEOUT_MS,
      });
    },
    async close() {
      closed = true;
      const current = connecting;
      connecting = null;
      if (current) await (await current.catch(() => null))?.close();
    },
  };
}
