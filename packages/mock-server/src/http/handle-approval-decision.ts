import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { decideApproval } from "../engine/decide-approval.js";
import { redactSecrets } from "../engine/redact-secrets.js";
import { authenticateUser } from "./authenticate-user.js";
import { errorResponse, jsonResponse } from "./json-response.js";
import { normalizeUuid } from "./normalize-uuid.js";
import { readJsonBody } from "./read-json-body.js";

/**
 * `POST /functions/v1/approval-decision` (§4.5): 405 → 401 `Not authenticated` → 400 (body,
 * `approvalRequestId` (a UUID in any case, see `normalizeUuid`), `decision`) → 404 `Approval request not found` → 403 `Reviewer role required`
 * → 409 `Approval already has a decision` → `200 { ok, status, executionResult, notificationQueued,
 * notificationError }`, or `500 "Deferred execution failed: <detail>"` when the replay reached nothing.
 *
 * @example
 * await handleApprovalDecision(engine, new Request(url, { method: "POST", headers: { authorization: `Bearer ${jwt}` }, body }));
 */
export async function handleApprovalDecision(engine: SentrailEngine, request: Request): Promise<Response> {
  if (request.method !== "POST") return errorResponse(405, "Method not allowed");
  const user = authenticateUser(request);
  if (!user) return errorResponse(401, "Not authenticated");
  const body = await readJsonBody(request);
  if (!body) return errorResponse(400, "Invalid JSON body");
  const approvalRequestId = normalizeUuid(body.approvalRequestId);
  if (!approvalRequestId) return errorResponse(400, "approvalRequestId must be a UUID");
  if (body.decision !== "approved" && body.decision !== "denied") {
    return errorResponse(400, "decision must be approved or denied");
  }
  if (body.reason !== undefined && body.reason !== null && typeof body.reason !== "string") {
    return errorResponse(400, "reason must be a string");
  }
  const result = await decideApproval(engine, {
    user,
    approvalRequestId,
    decision: body.decision,
    reason: typeof body.reason === "string" ? body.reason : null,
  });
  switch (result.kind) {
    case "not_found":
      return errorResponse(404, "Approval request not found");
    case "forbidden":
      return errorResponse(403, "Reviewer role required");
    case "conflict":
      return errorResponse(409, "Approval already has a decision");
    case "execution_error":
      // The replay's error text may quote the target URL: no credential in it may reach the client.
      return errorResponse(500, redactSecrets(result.message));
    default:
      return jsonResponse(200, {
        ok: true,
        status: result.status,
        executionResult: result.executionResult,
        notificationQueued: result.notificationQueued,
        notificationError: result.notificationError,
      });
  }
}
