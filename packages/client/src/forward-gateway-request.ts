import { asRecord, stringOr } from "./as-record";
import { createSentrailError } from "./create-sentrail-error";
import type { RequestOptions, SentrailTransport } from "./create-sentrail-transport";
import { parseJson } from "./parse-json";
import type { GatewayTool } from "./sentrail-api-types";
import { SentrailUnavailableError } from "./sentrail-error";

/**
 * HTTP methods gateway-proxy forwards.
 *
 * @example
 * ```ts
 * const method: GatewayMethod = "PATCH";
 * ```
 */
export type GatewayMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Query parameters appended to the forwarded URL (forwarded verbatim upstream).
 *
 * @example
 * ```ts
 * await client.gateway.github({ method: "GET", path: "/repos/o/r/issues", query: { state: "open", per_page: 50 } });
 * ```
 */
export type GatewayQuery = Record<string, string | number | boolean | undefined> | URLSearchParams;

/**
 * A GitHub REST call to send through the gateway.
 *
 * @example
 * ```ts
 * const request: GitHubGatewayRequest = { method: "POST", path: "/repos/o/r/issues", body: { title: "Bug" } };
 * ```
 */
export interface GitHubGatewayRequest {
  method: GatewayMethod;
  /**
   * GitHub API path, e.g. `/repos/owner/repo/pulls`. Leading slash optional; may carry a `?query`. Segments are
   * sent as given (percent-encode special characters yourself); `.`/`..` segments are refused.
   */
  path: string;
  /** JSON body (objects are serialised; strings are sent as they are). Not allowed with `GET`. */
  body?: unknown;
  query?: GatewayQuery;
  /** Extra headers forwarded upstream (`Accept`, `X-GitHub-Api-Version`, …). `Authorization` is ignored. */
  headers?: Record<string, string>;
}

/**
 * A Linear GraphQL operation to send through the gateway.
 *
 * @example
 * ```ts
 * const request: LinearGatewayRequest = { query: "mutation($id: String!) { issueArchive(id: $id) { success } }", variables: { id } };
 * ```
 */
export interface LinearGatewayRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/**
 * What happened to a gateway call, a union on `kind`:
 *
 * - `forwarded`: the policy allowed it and the tool answered; `status`, `headers` and `body` are the
 *   tool's own (a GitHub 404 or 422 is `forwarded`, not an error). The ids come from the
 *   `X-Sentrail-AuditLogId` / `X-Sentrail-CorrelationId` headers (`null` if a proxy stripped them).
 * - `blocked`: Sentrail's 403; nothing was sent to the tool.
 * - `pending_approval`: Sentrail's 202; the call is stored until a reviewer decides. Wait with
 *   `waitForApproval(correlationId, { until: "execution" })`.
 *
 * @example
 * ```ts
 * const result = await client.gateway.github({ method: "DELETE", path: "/repos/o/r/git/refs/heads/tmp" });
 * if (result.kind === "blocked") console.log(result.reason);
 * else if (result.kind === "pending_approval") await client.waitForApproval(result.correlationId, { until: "execution" });
 * else console.log(result.status, result.body);
 * ```
 */
export type GatewayResult<TBody = unknown> =
  | {
      kind: "forwarded";
      status: number;
      headers: Headers;
      /** Parsed JSON when the tool sent JSON, the text otherwise, `null` when empty. */
      body: TBody;
      auditLogId: string | null;
      correlationId: string | null;
    }
  | {
      kind: "blocked";
      reason: string;
      auditLogId: string;
      correlationId: string;
      matchedPolicyId?: string | null;
    }
  | {
      kind: "pending_approval";
      reason: string;
      approvalRequestId: string;
      auditLogId: string;
      correlationId: string;
      /** Poll path relative to the project origin, e.g. `/functions/v1/gateway-proxy/status/<id>`. */
      pollUrl: string;
      matchedPolicyId?: string | null;
    };

/**
 * One forward, tool-agnostic.
 *
 * @example
 * ```ts
 * await forwardGatewayRequest(transport, { tool: "github", method: "GET", path: "repos/o/r" });
 * ```
 */
export interface GatewayForward {
  tool: GatewayTool;
  method: GatewayMethod;
  path: string;
  body?: unknown;
  query?: GatewayQuery;
  headers?: Record<string, string>;
}

type GatewayTransport = Pick<SentrailTransport<object>, "run" | "fetch" | "baseUrl" | "requestHeaders">;

/**
 * Sends one call through `gateway-proxy/{tool}/{path}` and classifies the answer. Uses the transport's
 * `fetch` directly rather than openapi-fetch: the path spans several segments (openapi-fetch would
 * percent-encode its slashes) and the allowed answer is the tool's opaque body, which must be passed
 * through whatever its content type, not parsed as Sentrail JSON.
 *
 * Never retried: every call writes an audit row and may queue an approval or run the tool.
 *
 * @example
 * ```ts
 * const result = await forwardGatewayRequest(transport, { tool: "github", method: "GET", path: "/repos/o/r" });
 * ```
 */
export async function forwardGatewayRequest<TBody = unknown>(
  transport: GatewayTransport,
  forward: GatewayForward,
  options?: RequestOptions,
): Promise<GatewayResult<TBody>> {
  const url = buildGatewayUrl(transport.baseUrl, forward);
  const headers = transport.requestHeaders(forward.headers, options?.headers);
  let body: string | undefined;
  if (forward.body !== undefined) {
    if (forward.method === "GET") throw new TypeError("A GET cannot carry a body");
    body = typeof forward.body === "string" ? forward.body : JSON.stringify(forward.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }

  return transport.run(options, async (signal) => {
    const init: RequestInit = { method: forward.method, headers, signal };
    if (body !== undefined) init.body = body;
    const response = await transport.fetch(url, init);
    const text = await response.text();
    return classifyGatewayResponse<TBody>(response, text);
  });
}

function classifyGatewayResponse<TBody>(response: Response, text: string): GatewayResult<TBody> {
  const { headers, status } = response;
  const auditHeader = headers.get("x-sentrail-auditlogid");
  const correlationHeader = headers.get("x-sentrail-correlationid");
  if (headers.get("x-sentrail-decision") === "allow") {
    const contentType = headers.get("content-type") ?? "";
    const json = /[/+]json\b/i.test(contentType) ? parseJson(text) : undefined;
    return {
      kind: "forwarded",
      status,
      headers,
      // Parsed JSON when the tool sent valid JSON; otherwise its text; null when it sent nothing.
      body: (json ?? (text === "" ? null : text)) as TBody,
      auditLogId: auditHeader,
      correlationId: correlationHeader,
    };
  }
  const json = parseJson(text);
  const record = asRecord(json);
  const { decision, approvalRequestId } = record;
  const auditLogId = stringOr(record.auditLogId, auditHeader);
  const correlationId = stringOr(record.correlationId, correlationHeader);
  if (auditLogId && correlationId) {
    const fields = {
      reason: stringOr(record.reason, ""),
      auditLogId,
      correlationId,
      ...("matchedPolicyId" in record ? { matchedPolicyId: stringOr(record.matchedPolicyId, null) } : {}),
    };
    if (status === 403 && decision === "block") return { kind: "blocked", ...fields };
    if (status === 202 && decision === "require_approval" && typeof approvalRequestId === "string") {
      const pollUrl = stringOr(record.pollUrl, `/functions/v1/gateway-proxy/status/${correlationId}`);
      return { kind: "pending_approval", ...fields, approvalRequestId, pollUrl };
    }
  }
  if (!response.ok) throw createSentrailError(status, json, { headers });
  // A 2xx without `X-Sentrail-Decision: allow` and without a decision body: whether the tool ran is
  // unknown. In browsers this happens when CORS does not expose the X-Sentrail-* headers.
  throw new SentrailUnavailableError("unreadable", "Gateway answer without X-Sentrail-Decision", { status });
}

function buildGatewayUrl(baseUrl: string, forward: GatewayForward): string {
  const [rawPath = "", inlineQuery] = forward.path.split("?", 2);
  const segments = rawPath.split("/").filter((segment) => segment !== "");
  // Empty paths are Sentrail's 400; `.`/`..` would be resolved by URL parsing and reach another
  // Sentrail function with the same key, so they are refused here.
  if (segments.length === 0 || segments.some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
    throw new TypeError(`Invalid gateway path: ${forward.path}`);
  }
  const search = new URLSearchParams(inlineQuery);
  if (forward.query) {
    const entries = forward.query instanceof URLSearchParams ? forward.query : Object.entries(forward.query);
    for (const [name, value] of entries) if (value !== undefined) search.append(name, String(value));
  }
  const query = search.toString();
  return `${baseUrl}/gateway-proxy/${forward.tool}/${segments.join("/")}${query ? `?${query}` : ""}`;
}
