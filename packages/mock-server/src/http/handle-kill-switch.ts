import { applyKillSwitch, type KillSwitchCommand } from "../engine/apply-kill-switch.js";
import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { TOOL_NAMES, type ToolName } from "../engine/engine-types.js";
import { authenticateUser } from "./authenticate-user.js";
import { errorResponse, jsonResponse } from "./json-response.js";
import { normalizeUuid } from "./normalize-uuid.js";
import { readJsonBody } from "./read-json-body.js";

const ACTIONS = ["enable", "disable", "pause_tool", "resume_tool"];
const ADMIN_ROLES = new Set(["admin", "owner"]);

/**
 * `POST /functions/v1/kill-switch` (§4.6, §8): 405 → 401 `Not authenticated` → 400 (`workspaceId is
 * required`, `Unsupported action`, the `tool` messages; `workspaceId` is a UUID in any case, see
 * `normalizeUuid`) → 404 `Workspace not found` → 403 `Admin or
 * owner role required` → `200 { ok: true }`. Every accepted call is audited and notified, even a
 * repeated one.
 *
 * @example
 * await handleKillSwitch(engine, new Request(url, { method: "POST", headers, body: JSON.stringify({ workspaceId, action: "enable" }) }));
 */
export async function handleKillSwitch(engine: SentrailEngine, request: Request): Promise<Response> {
  if (request.method !== "POST") return errorResponse(405, "Method not allowed");
  const user = authenticateUser(request);
  if (!user) return errorResponse(401, "Not authenticated");
  const body = await readJsonBody(request);
  if (!body) return errorResponse(400, "Invalid JSON body");
  const workspaceId = normalizeUuid(body.workspaceId);
  if (!workspaceId) return errorResponse(400, "workspaceId is required");
  const action = body.action;
  if (typeof action !== "string" || !ACTIONS.includes(action))
    return errorResponse(400, "Unsupported action");
  let command: KillSwitchCommand;
  if (action === "pause_tool" || action === "resume_tool") {
    if (body.tool === undefined || body.tool === null || body.tool === "") {
      return errorResponse(400, "tool is required for pause_tool and resume_tool");
    }
    if (typeof body.tool !== "string" || !(TOOL_NAMES as readonly string[]).includes(body.tool)) {
      return errorResponse(400, `tool must be one of ${TOOL_NAMES.join(", ")}`);
    }
    command = { action, tool: body.tool as ToolName };
  } else {
    command = { action: action as "enable" | "disable" };
  }
  const workspace = engine.workspaces.getWorkspace(workspaceId);
  if (!workspace) return errorResponse(404, "Workspace not found");
  const role = engine.workspaces.roleOf(workspace.id, user.userId);
  if (!role || !ADMIN_ROLES.has(role)) return errorResponse(403, "Admin or owner role required");
  applyKillSwitch(engine, workspace, user.userId, command);
  return jsonResponse(200, { ok: true });
}
