import { CORS_HEADERS } from "./json-response.js";

/**
 * A JSON-RPC answer from mcp-gate (§4.4): `application/json`, or, when the request's `Accept` lists
 * only `text/event-stream`, one SSE frame `event: message\ndata: <json>\n\n`.
 *
 * @example
 * jsonRpcResponse(200, { jsonrpc: "2.0", id: 1, result: {} }, request.headers.get("accept"));
 */
export function jsonRpcResponse(
  status: number,
  message: unknown,
  accept: string | null,
  headers?: Record<string, string>,
): Response {
  const json = JSON.stringify(message);
  if (acceptsOnlyEventStream(accept)) {
    return new Response(`event: message\ndata: ${json}\n\n`, {
      status,
      headers: {
        ...CORS_HEADERS,
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        ...headers,
      },
    });
  }
  return new Response(json, {
    status,
    headers: { ...CORS_HEADERS, "content-type": "application/json", ...headers },
  });
}

/**
 * True when `Accept` names media types and every one of them is `text/event-stream` (parameters such
 * as `;q=1` ignored).
 *
 * @example
 * acceptsOnlyEventStream("text/event-stream");                   // true
 * acceptsOnlyEventStream("application/json, text/event-stream"); // false
 */
export function acceptsOnlyEventStream(accept: string | null): boolean {
  if (!accept) return false;
  const types = accept
    .split(",")
    .map((entry) => (entry.split(";")[0] ?? "").trim().toLowerCase())
    .filter((entry) => entry.length > 0);
  return types.length > 0 && types.every((type) => type === "text/event-stream");
}
