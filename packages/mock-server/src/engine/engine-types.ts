/**
 * The contract's vocabulary (sentrail-contract.md §2) and the engine's records (§15).
 *
 * Rows that appear in `/__mock/state` use the contract's snake_case column names exactly; records that
 * only the engine sees (workspaces, policies, connections) use camelCase like the seed.
 */

/** Tools Sentrail knows (§2). */
export const TOOL_NAMES = ["github", "linear", "slack", "notion", "internal_api", "mcp"] as const;
/** A tool name (§2). */
export type ToolName = (typeof TOOL_NAMES)[number];

/** Tools gateway-proxy forwards to (§4.2). */
export type GatewayTool = "github" | "linear";

/** Risk levels, in rank order (§2). */
export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
/** A risk level (§2). */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Policy decisions (§2). */
export const DECISIONS = ["allow", "block", "require_approval"] as const;
/** A policy decision (§2). */
export type Decision = (typeof DECISIONS)[number];
/** `audit_logs.decision` (§2). */
export type AuditDecision = Decision | "error";

/** Where a risk level came from (§6.4). */
export type RiskClassification = "server_classified" | "caller_supplied";

/** `approval_requests.status` (§7.3). */
export type ApprovalStatus = "pending" | "approved" | "denied" | "expired" | "executed" | "failed";
/** `deferred_actions.status` (§7.3). */
export type DeferredActionStatus = "pending" | "executed" | "failed" | "expired";

/** API key scopes (§3.4). */
export const SCOPES = ["gateway", "evaluate", "mcp"] as const;
/** An API key scope (§3.4). */
export type Scope = (typeof SCOPES)[number];

/** Workspace roles, lowest first (§3.7). */
export const WORKSPACE_ROLES = ["member", "reviewer", "admin", "owner"] as const;
/** A workspace role (§3.7). */
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** `audit_logs.source` (§9.3). */
export type AuditSource = "gateway" | "webhook" | "manual" | "mcp" | "proxy";

/** Workspace environment (§13.1). */
export type WorkspaceEnvironment = "test" | "live";

/** Notification preference keys (§10). */
export const NOTIFICATION_EVENT_KEYS = [
  "approvalRequired",
  "approvalDecided",
  "killSwitch",
  "rogueAction",
] as const;
/** A notification preference key (§10). */
export type NotificationEventKey = (typeof NOTIFICATION_EVENT_KEYS)[number];
/** `notifications.channel` (§10). */
export type NotificationChannel = "email" | "slack" | "in_app";
/** `notifications.status` (§10). */
export type NotificationStatus = "pending" | "sent" | "failed";

/** MCP upstream auth header style (§4.4). */
export type McpAuthType = "bearer" | "token";
/** MCP upstream transport (§4.4). */
export type McpTransport = "sse" | "http";

/** Conditions of a policy (§5.1). */
export interface PolicyConditions {
  minRiskLevel?: RiskLevel;
  maxRiskLevel?: RiskLevel;
  allowedAgents?: string[];
  blockedAgents?: string[];
  allowedResourceTypes?: string[];
  blockedResourceTypes?: string[];
  customRules?: Record<string, unknown>;
}

/** A policy as the engine holds it (§5.1) plus its creation time (the tie-breaker of §5.2). */
export interface Policy {
  id: string;
  workspaceId: string;
  name: string;
  /** A {@link ToolName} or `"*"`. */
  tool: ToolName | "*";
  actionType: string | null;
  actionPattern: string | null;
  resourceType: string | null;
  riskLevel: RiskLevel | null;
  mode: Decision;
  conditions: PolicyConditions;
  priority: number;
  enabled: boolean;
  toolName: string | null;
  toolNamePattern: string | null;
  /** ISO-8601; strictly increasing in creation order. */
  createdAt: string;
}

/** The workspace settings the mock honours (§5.4, §7.7, §13.2). */
export interface WorkspaceSettings {
  unmatchedDecision: "require_approval" | "allow";
  approvalTtlHours: number;
  requireRegisteredAgents: boolean;
}

/** Per event, per channel switches (§10). Missing entries mean `true`. */
export type NotificationPreferences = Partial<
  Record<NotificationEventKey, Partial<{ email: boolean; slack: boolean; inApp: boolean }>>
>;

/** A workspace with its kill switch and notification settings. */
export interface Workspace {
  id: string;
  name: string;
  environment: WorkspaceEnvironment;
  settings: WorkspaceSettings;
  slackWebhookUrl: string | null;
  notificationEmails: string[];
  notificationPreferences: NotificationPreferences;
  killSwitchEnabled: boolean;
  killSwitchEnabledAt: string | null;
  killSwitchEnabledBy: string | null;
  createdAt: string;
}

/** `workspace_members` (§15). */
export interface WorkspaceMember {
  workspaceId: string;
  userId: string;
  role: WorkspaceRole;
  email: string | null;
}

/** `tool_connections.config` (§13.4). Secrets live here and never leave the engine. */
export interface ToolConnectionConfig {
  access_token?: string | null;
  repos?: string[];
  org?: string | null;
  organization_id?: string | null;
  team_id?: string | null;
  webhook_secret?: string | null;
  base_url?: string | null;
  [key: string]: unknown;
}

/** `tool_connections` (§13.4). */
export interface ToolConnection {
  id: string;
  workspaceId: string;
  tool: ToolName;
  paused: boolean;
  config: ToolConnectionConfig;
  mcpServerUrl: string | null;
  mcpAuthType: McpAuthType;
  mcpTransport: McpTransport;
  createdAt: string;
  /** True for the paused stand-in `pause_tool` creates for a tool that has no connection (§4.6). */
  isPlaceholder?: boolean;
}

/** `agent_identities` (§13.2). */
export interface AgentIdentity {
  id: string;
  workspace_id: string;
  name: string;
  created_at: string;
}

/** `api_keys` (§3.3). Holds the SHA-256 of the key, never the key. */
export interface ApiKeyRecord {
  id: string;
  workspace_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  scopes: Scope[];
  expires_at: string | null;
  revoked: boolean;
  revoked_at: string | null;
  last_used_at: string | null;
  created_by: string | null;
  created_at: string;
}

/** `audit_logs` (§9.1) plus the mock's `reason` and `environment`. Frozen once written. */
export interface AuditLogRow {
  readonly id: string;
  readonly workspace_id: string;
  readonly correlation_id: string;
  readonly agent_id: string | null;
  readonly agent_name: string | null;
  readonly tool: string;
  readonly action: string;
  readonly decision: AuditDecision;
  readonly risk_level: RiskLevel;
  readonly matched_policy_id: string | null;
  readonly resource_type: string | null;
  readonly resource_id: string | null;
  readonly requested_by: string | null;
  readonly payload_preview: unknown;
  readonly source: AuditSource;
  readonly reason: string | null;
  readonly environment: WorkspaceEnvironment;
  readonly created_at: string;
}

/** `approval_requests` (§7.2). */
export interface ApprovalRequestRow {
  id: string;
  workspace_id: string;
  correlation_id: string;
  audit_log_id: string;
  agent_id: string | null;
  agent_name: string | null;
  tool: ToolName;
  action: string;
  requested_by: string | null;
  risk_level: RiskLevel;
  payload: unknown;
  status: ApprovalStatus;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
  execution_result: unknown;
  action_hash: string | null;
  expires_at: string;
  created_at: string;
  updated_at: string;
  has_deferred_action: boolean;
}

/** `deferred_actions` (§7.2): the stored HTTP call replayed on approval. Never holds credentials. */
export interface DeferredActionRow {
  id: string;
  approval_request_id: string;
  workspace_id: string;
  correlation_id: string;
  tool: ToolName;
  target_url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  action_hash: string;
  status: DeferredActionStatus;
  created_at: string;
  executed_at: string | null;
}

/** `notifications` (§10). */
export interface NotificationRow {
  id: string;
  workspace_id: string;
  event: "approval_required" | "approval_decided" | "kill_switch" | "rogue_action";
  channel: NotificationChannel;
  status: NotificationStatus;
  payload: Record<string, unknown>;
  retry_count: number;
  retry_at: string | null;
  created_at: string;
  sent_at: string | null;
}

/** `webhook_events` (§15). */
export interface WebhookEventRow {
  id: string;
  workspace_id: string | null;
  provider: "github" | "linear";
  event_type: string;
  payload: unknown;
  processed: boolean;
  received_at: string;
}
