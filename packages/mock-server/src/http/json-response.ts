import { TextBodyResponse } from "./text-body-response.js";

/** Headers every answer carries: any origin may read it, including the `X-Sentrail-*` headers. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "x-sentrail-decision, x-sentrail-auditlogid, x-sentrail-correlationid",
};

/**
 * A JSON answer with the CORS headers (§1.2). Statuses that cannot carry a body (204, 205, 304) get
 * none.
 *
 * @example
 * jsonResponse(401, { ok: false, error: "Invalid or expired API key" });
 */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Response {
  const noBody = status === 204 || status === 205 || status === 304;
  const init = {
    status,
    headers: { ...CORS_HEADERS, ...(noBody ? {} : { "content-type": "application/json" }), ...headers },
  };
  return noBody ? new Response(null, init) : new TextBodyResponse(JSON.stringify(body), init);
}

/**
 * The `{ "ok": false, "error": message }` envelope of Sentrail's own errors (§1.2).
 *
 * @example
 * errorResponse(405, "Method not allowed");
 */
export function errorResponse(status: number, error: string, headers?: Record<string, string>): Response {
  return jsonResponse(status, { ok: false, error }, headers);
}

/**
 * The CORS preflight answer (§1.2): `204`, any origin, the contract's allowed headers.
 *
 * @example
 * if (request.method === "OPTIONS") return preflightResponse();
 */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      "access-control-allow-headers": "authorization, x-agent-id, content-type",
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-max-age": "86400",
    },
  });
}
