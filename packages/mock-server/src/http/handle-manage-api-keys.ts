import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { SCOPES, type Scope } from "../engine/engine-types.js";
import { type ManageApiKeysCommand, manageApiKeys } from "../engine/manage-api-keys.js";
import { authenticateUser } from "./authenticate-user.js";
import { errorResponse, jsonResponse } from "./json-response.js";
import { normalizeUuid } from "./normalize-uuid.js";
import { readJsonBody } from "./read-json-body.js";

/**
 * `POST /functions/v1/manage-api-keys` (§4.9): 405 → 401 `Not authenticated` → 400 (validation;
 * ids are UUIDs in any case, see `normalizeUuid`) → 404 `Workspace not found` → 403 `Admin or owner
 * role required` → 404 `API key not found` (only now, so another workspace's key id answers like a
 * missing one) → 409 `API key is revoked` (`rotate` of a revoked key) → 200 (`create` and `rotate`
 * return the raw key once; `list` newest first; `revoke`, idempotent).
 *
 * @example
 * await handleManageApiKeys(engine, new Request(url, { method: "POST", headers, body: JSON.stringify({ action: "list", workspaceId }) }));
 */
export async function handleManageApiKeys(engine: SentrailEngine, request: Request): Promise<Response> {
  if (request.method !== "POST") return errorResponse(405, "Method not allowed");
  const user = authenticateUser(request);
  if (!user) return errorResponse(401, "Not authenticated");
  const body = await readJsonBody(request);
  if (!body) return errorResponse(400, "Invalid JSON body");
  const command = readCommand(body);
  if ("error" in command) return errorResponse(400, command.error);
  const result = await manageApiKeys(engine, user, command);
  switch (result.kind) {
    case "workspace_not_found":
      return errorResponse(404, "Workspace not found");
    case "key_not_found":
      return errorResponse(404, "API key not found");
    case "key_revoked":
      return errorResponse(409, "API key is revoked");
    case "forbidden":
      return errorResponse(403, "Admin or owner role required");
    default:
      return jsonResponse(200, result.body);
  }
}

function readCommand(body: Record<string, unknown>): ManageApiKeysCommand | { error: string } {
  const action = body.action;
  if (action !== "create" && action !== "list" && action !== "revoke" && action !== "rotate") {
    return { error: "action must be one of create, list, revoke, rotate" };
  }
  const workspaceId = normalizeUuid(body.workspaceId);
  if (!workspaceId) return { error: "workspaceId is required" };
  const expiresInDays = body.expiresInDays ?? 90;
  const validDays =
    typeof expiresInDays === "number" &&
    Number.isInteger(expiresInDays) &&
    expiresInDays >= 1 &&
    expiresInDays <= 3650;
  switch (action) {
    case "list":
      return { action, workspaceId };
    case "create": {
      if (typeof body.name !== "string" || body.name.length < 1 || body.name.length > 100) {
        return { error: "name must be a string of 1 to 100 characters" };
      }
      const scopes = body.scopes;
      if (
        !Array.isArray(scopes) ||
        scopes.length === 0 ||
        scopes.some((scope) => !(SCOPES as readonly unknown[]).includes(scope))
      ) {
        return { error: `scopes must be a non-empty array of ${SCOPES.join(", ")}` };
      }
      if (!validDays) return { error: "expiresInDays must be an integer from 1 to 3650" };
      return {
        action,
        workspaceId,
        name: body.name,
        scopes: [...new Set(scopes as Scope[])],
        expiresInDays: expiresInDays as number,
      };
    }
    default: {
      if (typeof body.keyId !== "string" || body.keyId.length === 0) return { error: "keyId is required" };
      // A key id in any case names the same key; a string that is not a UUID names none (404).
      const keyId = normalizeUuid(body.keyId) ?? body.keyId;
      if (action === "revoke") return { action, workspaceId, keyId };
      if (!validDays) return { error: "expiresInDays must be an integer from 1 to 3650" };
      return { action, workspaceId, keyId, expiresInDays: expiresInDays as number };
    }
  }
}
