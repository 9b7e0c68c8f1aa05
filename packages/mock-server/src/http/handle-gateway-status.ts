import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { readApprovalStatus } from "../engine/read-approval-status.js";
import { errorResponse, jsonResponse } from "./json-response.js";
import { normalizeUuid } from "./normalize-uuid.js";

/**
 * `GET /functions/v1/gateway-proxy/status/{correlationId}` (§4.3): a key holding any of `gateway`,
 * `mcp`, `evaluate` (§3.4); `404 "Approval request not found"` for an unknown id, another workspace's
 * id, an evaluation that created no approval, or an id that is not a UUID. The id is a UUID in any
 * letter case (`normalizeUuid`), as everywhere else. Expiry is applied before answering.
 *
 * @example
 * await handleGatewayStatus(engine, request, correlationId);
 */
export async function handleGatewayStatus(
  engine: SentrailEngine,
  request: Request,
  correlationId: string | null,
): Promise<Response> {
  if (request.method !== "GET") return errorResponse(405, "Method not allowed");
  const key = await engine.apiKeys.authenticate(request.headers.get("authorization"), [
    "gateway",
    "mcp",
    "evaluate",
  ]);
  if (!key) return errorResponse(401, "Invalid or expired API key");
  const id = normalizeUuid(correlationId);
  const view = id ? readApprovalStatus(engine, key.workspace_id, id) : undefined;
  if (!view) return errorResponse(404, "Approval request not found");
  return jsonResponse(200, view);
}
