import type { UpstreamRecord } from "../upstream/upstream-types.js";
import type { SentrailEngine } from "./create-sentrail-engine.js";
import type {
  AgentIdentity,
  ApprovalRequestRow,
  AuditLogRow,
  DeferredActionRow,
  NotificationRow,
  Policy,
  WebhookEventRow,
  WorkspaceEnvironment,
  WorkspaceRole,
  WorkspaceSettings,
} from "./engine-types.js";
import { type KillSwitchView, killSwitchView } from "./kill-switch-view.js";
import { redactSecrets } from "./redact-secrets.js";

/** A workspace as `/__mock/state` shows it (mock-server.md §3). */
export interface WorkspaceStateView {
  id: string;
  name: string;
  environment: WorkspaceEnvironment;
  settings: WorkspaceSettings;
  killSwitch: KillSwitchView;
}

/** A tool connection in `/__mock/state` [EXT]: secrets in `config` replaced by `"[redacted]"`. */
export interface ToolConnectionStateView {
  id: string;
  workspace_id: string;
  tool: string;
  paused: boolean;
  config: Record<string, unknown>;
  mcp_server_url: string | null;
  mcp_auth_type: string;
  mcp_transport: string;
  created_at: string;
}

/** The body of `GET /__mock/state`: every table in creation order, oldest first, no secrets. */
export interface MockState {
  ok: true;
  now: string;
  workspaces: WorkspaceStateView[];
  auditLogs: AuditLogRow[];
  approvalRequests: ApprovalRequestRow[];
  deferredActions: DeferredActionRow[];
  notifications: NotificationRow[];
  webhookEvents: WebhookEventRow[];
  upstreamRequests: UpstreamRecord[];
  /** [EXT] every policy, as seeded. */
  policies: Policy[];
  /** [EXT] tool connections, secrets redacted. */
  toolConnections: ToolConnectionStateView[];
  /** [EXT] registered agents. */
  agents: AgentIdentity[];
  /** [EXT] workspace members. */
  members: Array<{ workspace_id: string; user_id: string; role: WorkspaceRole; email: string | null }>;
}

const SECRET_CONFIG_KEYS = new Set(["access_token", "webhook_secret", "refresh_token", "client_secret"]);

/**
 * A snapshot of the engine for `/__mock/state`: expiry is applied first (the `expire-approvals`
 * sweep), rows are copies (audit rows are already frozen), and no API key, key hash prefix, token or
 * webhook secret appears anywhere.
 *
 * @example
 * snapshotState(engine).auditLogs.at(-1)?.decision; // "allow"
 */
export function snapshotState(engine: SentrailEngine): MockState {
  engine.approvals.expireDue();
  // What must be kept verbatim to be replayed or called (deferred calls, tool URLs) is redacted here.
  return redactSecrets<MockState>({
    ok: true,
    now: engine.clock.nowIso(),
    workspaces: engine.workspaces.listWorkspaces().map((workspace) => ({
      id: workspace.id,
      name: workspace.name,
      environment: workspace.environment,
      settings: { ...workspace.settings },
      killSwitch: killSwitchView(engine, workspace),
    })),
    auditLogs: engine.audit.list(),
    approvalRequests: engine.approvals.listApprovals().map((row) => ({ ...row })),
    deferredActions: engine.approvals.listDeferred().map((row) => ({ ...row, headers: { ...row.headers } })),
    notifications: engine.notifications.list().map((row) => ({ ...row })),
    webhookEvents: engine.webhookEvents.list().map((row) => ({ ...row })),
    upstreamRequests: [...engine.upstream.records()],
    policies: engine.policies.list().map((policy) => ({ ...policy, conditions: { ...policy.conditions } })),
    toolConnections: engine.workspaces.listConnections().map((connection) => ({
      id: connection.id,
      workspace_id: connection.workspaceId,
      tool: connection.tool,
      paused: connection.paused,
      config: Object.fromEntries(
        Object.entries(connection.config).map(([key, value]) => [
          key,
          SECRET_CONFIG_KEYS.has(key) && value !== null && value !== undefined ? "[redacted]" : value,
        ]),
      ),
      mcp_server_url: connection.mcpServerUrl,
      mcp_auth_type: connection.mcpAuthType,
      mcp_transport: connection.mcpTransport,
      created_at: connection.createdAt,
    })),
    agents: engine.workspaces.listAgents().map((agent) => ({ ...agent })),
    members: engine.workspaces.listMembers().map((member) => ({
      workspace_id: member.workspaceId,
      user_id: member.userId,
      role: member.role,
      email: member.email,
    })),
  });
}
