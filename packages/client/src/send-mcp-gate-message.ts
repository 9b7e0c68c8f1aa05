import { asRecord } from "./as-record";
import { createSentrailError } from "./create-sentrail-error";
import type { RequestOptions, SentrailTransport } from "./create-sentrail-transport";
import { parseJson } from "./parse-json";
import type { McpGateResponse } from "./read-mcp-gate-outcome";
import type { JsonRpcId } from "./sentrail-api-types";
import { SentrailUnavailableError } from "./sentrail-error";

/**
 * One JSON-RPC message; a notification has no `id`.
 *
 * @example
 * ```ts
 * const message: McpGateMessage = { id: 7, method: "tools/call", params: { name: "create_issue" } };
 * ```
 */
export interface McpGateMessage {
  method: string;
  params?: unknown;
  id?: JsonRpcId;
}

type McpTransport = Pick<SentrailTransport<object>, "run" | "fetch" | "baseUrl" | "requestHeaders">;

/**
 * POSTs one JSON-RPC message to `/mcp-gate/sse`. Resolves the JSON-RPC response for a request,
 * `undefined` for an acknowledged notification (HTTP 202); throws the error family for HTTP errors
 * (400 parse error, 401, 424 no MCP server connected, 5xx). Accepts a JSON body or a single SSE frame.
 *
 * Uses the transport's `fetch` rather than openapi-fetch because the answer may be an SSE frame or an
 * empty 202, which openapi-fetch's JSON parsing would reject. Never retried: a `tools/call` is evaluated,
 * audited and possibly executed on every send.
 *
 * @example
 * ```ts
 * const response = await sendMcpGateMessage(transport, { id: 1, method: "tools/list" });
 * ```
 */
export async function sendMcpGateMessage(
  transport: McpTransport,
  message: McpGateMessage,
  options?: RequestOptions,
): Promise<McpGateResponse | undefined> {
  const headers = transport.requestHeaders(options?.headers);
  headers.set("content-type", "application/json");
  headers.set("accept", "application/json, text/event-stream");
  // JSON.stringify drops an undefined `id` (a notification) and undefined `params`.
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: message.id,
    method: message.method,
    params: message.params,
  });

  return transport.run(options, async (signal) => {
    const response = await transport.fetch(`${transport.baseUrl}/mcp-gate/sse`, {
      method: "POST",
      headers,
      body,
      signal,
    });
    const text = await response.text();
    if (response.status === 202 && message.id === undefined) return undefined;
    const json = parseMcpBody(text, response.headers.get("content-type"));
    if (!response.ok) throw createSentrailError(response.status, json, { headers: response.headers });
    if (!isJsonRpcResponse(json)) {
      throw new SentrailUnavailableError("unreadable", "Unreadable mcp-gate answer", {
        status: response.status,
      });
    }
    return json;
  });
}

function parseMcpBody(text: string, contentType: string | null): unknown {
  if (!contentType?.includes("text/event-stream")) return parseJson(text);
  // The first event that carries data (comment-only keep-alive frames are skipped).
  for (const frame of text.split(/\r?\n\r?\n/)) {
    const data = frame.split(/\r?\n/).filter((line) => line.startsWith("data:"));
    if (data.length > 0) return parseJson(data.map((line) => line.slice(5).trimStart()).join("\n"));
  }
  return undefined;
}

function isJsonRpcResponse(value: unknown): value is McpGateResponse {
  const record = asRecord(value);
  const error = asRecord(record.error);
  return "result" in record || (typeof error.code === "number" && typeof error.message === "string");
}
