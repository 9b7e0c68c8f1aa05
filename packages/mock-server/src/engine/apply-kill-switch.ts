import type { SentrailEngine } from "./create-sentrail-engine.js";
import type { ToolName, Workspace } from "./engine-types.js";
import { writeAuditRow } from "./write-audit-row.js";

/** A validated kill-switch call (§4.6). */
export type KillSwitchCommand =
  | { action: "enable" | "disable" }
  | { action: "pause_tool" | "resume_tool"; tool: ToolName };

/**
 * Applies a kill-switch call (§4.6, §8): `enable` records `enabledAt`/`enabledBy`, `disable` clears
 * them, `pause_tool`/`resume_tool` flip `tool_connections.paused` (creating a paused placeholder
 * connection when needed). Every call, even a repeated one, writes a `system` audit row
 * (`risk_level: "critical"`, `decision: "allow"`, `source: "manual"`, payload `{ actor }`) and queues
 * the `killSwitch` notification. Role checks are the caller's job.
 *
 * @example
 * applyKillSwitch(engine, workspace, adminUserId, { action: "pause_tool", tool: "github" });
 */
export function applyKillSwitch(
  engine: SentrailEngine,
  workspace: Workspace,
  actorUserId: string,
  command: KillSwitchCommand,
): void {
  let auditAction: string;
  let summary: string;
  switch (command.action) {
    case "enable":
      workspace.killSwitchEnabled = true;
      workspace.killSwitchEnabledAt = engine.clock.nowIso();
      workspace.killSwitchEnabledBy = actorUserId;
      auditAction = "kill_switch.enable";
      summary = `kill switch enabled for workspace ${workspace.name} by ${actorUserId}`;
      break;
    case "disable":
      workspace.killSwitchEnabled = false;
      workspace.killSwitchEnabledAt = null;
      workspace.killSwitchEnabledBy = null;
      auditAction = "kill_switch.disable";
      summary = `kill switch disabled for workspace ${workspace.name} by ${actorUserId}`;
      break;
    default:
      engine.workspaces.setPaused(workspace.id, command.tool, command.action === "pause_tool");
      auditAction = `${command.tool}.${command.action}`;
      summary = `${command.tool} ${command.action === "pause_tool" ? "paused" : "resumed"} in workspace ${workspace.name} by ${actorUserId}`;
  }
  writeAuditRow(engine, {
    workspace,
    agentName: null,
    tool: "system",
    action: auditAction,
    decision: "allow",
    riskLevel: "critical",
    matchedPolicyId: null,
    resourceType: null,
    resourceId: null,
    requestedBy: actorUserId,
    payload: { actor: actorUserId },
    source: "manual",
    reason: null,
  });
  engine.notifications.notify(workspace, "killSwitch", {
    summary,
    action: command.action,
    ...("tool" in command ? { tool: command.tool } : {}),
    actor: actorUserId,
  });
}
