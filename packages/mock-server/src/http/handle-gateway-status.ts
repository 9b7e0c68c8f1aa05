import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { readApprovalStatus } from "../engine/read-approval-status.js";
import { errorResponse, jsonResponse } from "./json-response.js";

/**
 * `GET /functions/v1/gateway-proxy/status/{correlationId}` (§4.3): a key holding any of `gateway`,
 * `mcp`, `evaluate` (§3.4); `404 "Approval request not found"` for an unknown id, another workspace's
 * id, or an evaluation that created no approval. Expiry is applied before answering.
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
  const view = correlationId ? readApprovalStatus(engine, key.workspace_id, correlationId) : undefined;
  if (!view) return errorResponse(404, "Approval request not found");
  return jsonResponse(200, view);
}
