import type {
  Decision,
  McpAuthType,
  McpTransport,
  NotificationPreferences,
  PolicyConditions,
  RiskLevel,
  Scope,
  ToolConnectionConfig,
  ToolName,
  WorkspaceEnvironment,
  WorkspaceRole,
  WorkspaceSettings,
} from "./engine-types.js";

/**
 * What `POST /__mock/seed` and `control.seed()` accept (mock-server.md §4): camelCase at the top level,
 * `config` with the contract's snake_case keys. Every section is optional; seeding is additive.
 * `workspaceId` may be left out of an item when the seed declares exactly one workspace.
 */
export interface Seed {
  workspaces?: SeedWorkspace[];
  members?: SeedMember[];
  apiKeys?: SeedApiKey[];
  policies?: SeedPolicy[];
  toolConnections?: SeedToolConnection[];
  agents?: SeedAgent[];
}

/** A workspace to create. */
export interface SeedWorkspace {
  /** Kept when given (a UUID); generated otherwise. */
  id?: string;
  name: string;
  environment?: WorkspaceEnvironment;
  settings?: Partial<WorkspaceSettings>;
  slackWebhookUrl?: string | null;
  notificationEmails?: string[];
  /** [EXT] per event, per channel switches (§10); all on by default. */
  notificationPreferences?: NotificationPreferences;
}

/** A workspace member; `POST /__mock/seed` answers a token for each. */
export interface SeedMember {
  workspaceId?: string;
  userId: string;
  role: WorkspaceRole;
  email?: string | null;
}

/** An API key; only its SHA-256 is stored. */
export interface SeedApiKey {
  id?: string;
  workspaceId?: string;
  /** The raw key, starting with `agk_`. */
  key: string;
  name?: string;
  /** Default: all three scopes. */
  scopes?: Scope[];
  expiresAt?: string | null;
  revoked?: boolean;
}

/** A policy (§5.1). */
export interface SeedPolicy {
  id?: string;
  workspaceId?: string;
  name: string;
  tool: ToolName | "*";
  actionPattern?: string | null;
  /** Legacy; used only when `actionPattern` is empty. */
  actionType?: string | null;
  resourceType?: string | null;
  riskLevel?: RiskLevel | null;
  mode: Decision;
  conditions?: PolicyConditions;
  /** Default 100. */
  priority?: number;
  enabled?: boolean;
  toolName?: string | null;
  toolNamePattern?: string | null;
  /** [EXT] creation time, to control tie-breaking between equal priorities (§5.2). */
  createdAt?: string;
}

/** A tool connection (§13.4); `config` holds secrets that never leave the mock. */
export interface SeedToolConnection {
  id?: string;
  workspaceId?: string;
  tool: ToolName;
  paused?: boolean;
  config?: ToolConnectionConfig;
  mcpServerUrl?: string | null;
  mcpAuthType?: McpAuthType;
  mcpTransport?: McpTransport;
}

/** A registered agent identity (§13.2). */
export interface SeedAgent {
  id?: string;
  workspaceId?: string;
  name: string;
}

/** What seeding answers (mock-server.md §3). */
export interface SeedResult {
  ok: true;
  workspaceIds: string[];
  policyIds: string[];
  /** An unsigned JWT for every member in the seed, by user id. */
  tokens: Record<string, string>;
}
