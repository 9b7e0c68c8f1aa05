import { applyMiddlewares, createMiddleware } from "@modelcontextprotocol/sdk/client/middleware.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  createSentrailError,
  type FetchFunction,
  SentrailAuthenticationError,
  SentrailError,
  SentrailUnavailableError,
} from "@sentrail/client";

/** A Supabase user JWT: it belongs to dashboard endpoints and is never sent to an agent endpoint. */
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Options of {@link createMcpGateTransport}.
 *
 * @example
 * ```ts
 * const options: McpGateTransportOptions = { gateUrl: new URL(url), apiKey, agentId: "claude-code" };
 * ```
 */
export interface McpGateTransportOptions {
  /** `…/functions/v1/mcp-gate/sse`. */
  gateUrl: URL;
  /** The `agk_` key, sent as `Authorization: Bearer …` on every request and never anywhere else. */
  apiKey: string;
  /** Sent as `X-Agent-Id` (audit rows, approvals, `allowedAgents` policies). */
  agentId?: string;
  /** Extra headers on every request; an `Authorization` here is ignored. */
  headers?: Record<string, string>;
  /** `fetch` to use; default the global one, looked up per request. Must pass `init` on. */
  fetch?: FetchFunction;
}

/**
 * The MCP SDK's `StreamableHTTPClientTransport`, pointed at mcp-gate, with two fetch middlewares (the
 * SDK's own seam, `applyMiddlewares`):
 *
 * - **credentials:** `Authorization: Bearer <agk_…>` and `X-Agent-Id` on every request; the key lives
 *   only inside this middleware, never in the transport's `requestInit` or in any message. A user JWT
 *   given as `apiKey` is refused before anything is sent (`SentrailAuthenticationError`, `code:
 *   "credential_mismatch"`), as `createSentrailClient` does;
 * - **errors:** a non-2xx answer to a POST becomes the `@sentrail/client` error family
 *   (`createSentrailError`: 401 → `SentrailAuthenticationError`, 424 "No MCP server connected for this
 *   workspace" → `SentrailError` with `status: 424`, 5xx → `SentrailServerError`), and a failed fetch
 *   becomes `SentrailUnavailableError` (`kind: "network"`), so callers branch on classes and fields,
 *   never on the SDK's `Streamable HTTP error: …` text. Aborts pass through untouched.
 *
 * How the SDK's transport copes with the gate, which is stateless (no `Mcp-Session-Id`), answers
 * `application/json` and has no GET stream: the SDK sends no session header when none was issued,
 * reads JSON answers directly, and treats the `405` to its optional GET SSE request after
 * `notifications/initialized` as "no stream offered" (the 405 is passed through unchanged). Never
 * retries: every `tools/call` is evaluated, audited and possibly executed.
 *
 * @example
 * ```ts
 * import { Client } from "@modelcontextprotocol/sdk/client/index.js";
 *
 * const client = new Client({ name: "my-agent", version: "1.0.0" });
 * await client.connect(createMcpGateTransport({ gateUrl: new URL(gateUrl), apiKey: process.env.SENTRAIL_API_KEY! }));
 * ```
 */
export function createMcpGateTransport(options: McpGateTransportOptions): StreamableHTTPClientTransport {
  const { apiKey, agentId } = options;
  const extraHeaders = Object.entries(options.headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== "authorization",
  );
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const withCredentials = createMiddleware((next, input, init) => {
    if (JWT_SHAPE.test(apiKey)) {
      throw new SentrailAuthenticationError("apiKey is a JWT, not an agk_ API key; it was not sent", {
        code: "credential_mismatch",
      });
    }
    const headers = new Headers(init?.headers);
    for (const [name, value] of extraHeaders) headers.set(name, value);
    headers.set("authorization", `Bearer ${apiKey}`);
    if (agentId !== undefined) headers.set("x-agent-id", agentId);
    return next(input, { ...init, headers });
  });

  const withSentrailErrors = createMiddleware(async (next, input, init) => {
    let response: Response;
    try {
      response = await next(input, init);
    } catch (error) {
      if (init?.signal?.aborted || isAbortError(error) || SentrailError.isInstance(error)) throw error;
      throw new SentrailUnavailableError("network", "Could not reach mcp-gate", { cause: error });
    }
    const method = (init?.method ?? "GET").toUpperCase();
    // A GET is the SDK's optional SSE stream: its 405 means "no stream" and the SDK handles it.
    if (response.ok || method !== "POST" || isRedirect(response.status)) return response;
    const text = await response.text().catch(() => "");
    throw createSentrailError(response.status, parseBody(text), { headers: response.headers });
  });

  const fetch = applyMiddlewares(
    withCredentials,
    withSentrailErrors,
  )((input, init) => baseFetch(input, init));
  return new StreamableHTTPClientTransport(options.gateUrl, { fetch });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
