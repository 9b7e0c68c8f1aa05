import { asJsonObject } from "./as-json-object.js";
import { createUuid } from "./create-uuid.js";
import {
  DECISIONS,
  NOTIFICATION_EVENT_KEYS,
  type NotificationPreferences,
  type Policy,
  type PolicyConditions,
  RISK_LEVELS,
  type RiskLevel,
  SCOPES,
  type Scope,
  TOOL_NAMES,
  type ToolConnectionConfig,
  type ToolName,
  WORKSPACE_ROLES,
  type WorkspaceMember,
  type WorkspaceSettings,
} from "./engine-types.js";
import { MockControlError } from "./mock-control-error.js";
import { isSupportedTimeMs } from "./supported-time-range.js";

/** Longest approval TTL a seed may set: 1,000,000 hours (about 114 years). */
const MAX_APPROVAL_TTL_HOURS = 1_000_000;

/** A seed checked for shape, with defaults applied; ids and times are filled in when applied. */
export interface ValidatedSeed {
  workspaces: Array<{
    id: string;
    name: string;
    environment: "test" | "live";
    settings: WorkspaceSettings;
    slackWebhookUrl: string | null;
    notificationEmails: string[];
    notificationPreferences: NotificationPreferences;
  }>;
  members: WorkspaceMember[];
  apiKeys: Array<{
    id: string;
    workspaceId: string;
    key: string;
    name: string;
    scopes: Scope[];
    expiresAt: string | null;
    revoked: boolean;
  }>;
  policies: Array<Omit<Policy, "id" | "createdAt"> & { id: string; createdAt: string | null }>;
  toolConnections: Array<{
    id: string;
    workspaceId: string;
    tool: ToolName;
    paused: boolean;
    config: ToolConnectionConfig;
    mcpServerUrl: string | null;
    mcpAuthType: "bearer" | "token";
    mcpTransport: "sse" | "http";
  }>;
  agents: Array<{ id: string; workspaceId: string; name: string }>;
}

const SECTIONS = ["workspaces", "members", "apiKeys", "policies", "toolConnections", "agents"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_SETTINGS: WorkspaceSettings = {
  unmatchedDecision: "require_approval",
  approvalTtlHours: 24,
  requireRegisteredAgents: false,
};

/**
 * Checks a seed's shape against the contract (mock-server.md §4) and applies defaults. Throws
 * {@link MockControlError} naming the first problem and where it is (`policies[0].mode must be one of
 * allow, block, require_approval`). Missing ids are generated here. References to workspaces and
 * duplicates are checked against the current state later, by `applySeed`.
 *
 * @example
 * validateSeed({ workspaces: [{ name: "Acme" }] }).workspaces[0].settings.unmatchedDecision; // "require_approval"
 */
export function validateSeed(input: unknown): ValidatedSeed {
  const seed = asJsonObject(input);
  if (!seed) fail("the seed must be a JSON object");
  for (const key of Object.keys(seed)) {
    if (!(SECTIONS as readonly string[]).includes(key)) {
      fail(`seed.${key} is not a seed section (expected one of ${SECTIONS.join(", ")})`);
    }
  }
  const section = (name: (typeof SECTIONS)[number]) => {
    const value = seed[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) fail(`${name} must be an array`);
    return value.map((item, index) => {
      const object = asJsonObject(item);
      if (!object) fail(`${name}[${index}] must be an object`);
      return { item: object, at: `${name}[${index}]` };
    });
  };

  const workspaces = section("workspaces").map(({ item, at }) => {
    const settings = asJsonObject(item.settings ?? {});
    if (!settings) fail(`${at}.settings must be an object`);
    const unmatched = settings.unmatchedDecision ?? DEFAULT_SETTINGS.unmatchedDecision;
    if (unmatched !== "require_approval" && unmatched !== "allow") {
      fail(`${at}.settings.unmatchedDecision must be one of require_approval, allow`);
    }
    const ttl = settings.approvalTtlHours ?? DEFAULT_SETTINGS.approvalTtlHours;
    // Bounded so that now + TTL is always a printable date (years up to 9999 plus a century).
    if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_APPROVAL_TTL_HOURS) {
      fail(`${at}.settings.approvalTtlHours must be a positive number up to ${MAX_APPROVAL_TTL_HOURS}`);
    }
    const requireRegistered = settings.requireRegisteredAgents ?? DEFAULT_SETTINGS.requireRegisteredAgents;
    if (typeof requireRegistered !== "boolean")
      fail(`${at}.settings.requireRegisteredAgents must be a boolean`);
    const environment = item.environment ?? "test";
    if (environment !== "test" && environment !== "live") fail(`${at}.environment must be one of test, live`);
    return {
      id: optionalUuid(item.id, `${at}.id`) ?? createUuid(),
      name: requiredString(item.name, `${at}.name`),
      environment: environment as "test" | "live",
      settings: {
        unmatchedDecision: unmatched as WorkspaceSettings["unmatchedDecision"],
        approvalTtlHours: ttl,
        requireRegisteredAgents: requireRegistered,
      },
      slackWebhookUrl: optionalUrl(item.slackWebhookUrl, `${at}.slackWebhookUrl`),
      notificationEmails: optionalStringArray(item.notificationEmails, `${at}.notificationEmails`) ?? [],
      notificationPreferences: preferences(item.notificationPreferences, `${at}.notificationPreferences`),
    };
  });

  const onlyWorkspaceId = workspaces.length === 1 ? workspaces[0]?.id : null;
  const workspaceIdOf = (item: Record<string, unknown>, at: string): string => {
    if (item.workspaceId === undefined || item.workspaceId === null) {
      if (onlyWorkspaceId) return onlyWorkspaceId;
      fail(`${at}.workspaceId is required`);
    }
    const id = requiredString(item.workspaceId, `${at}.workspaceId`);
    // Ids are stored in lower case, the case the API looks them up in (UUIDs match in any case).
    return UUID.test(id) ? id.toLowerCase() : id;
  };

  const members = section("members").map(({ item, at }) => ({
    workspaceId: workspaceIdOf(item, at),
    userId: requiredString(item.userId, `${at}.userId`),
    role: oneOf(item.role, WORKSPACE_ROLES, `${at}.role`),
    email: optionalString(item.email, `${at}.email`),
  }));

  const apiKeys = section("apiKeys").map(({ item, at }) => {
    const key = requiredString(item.key, `${at}.key`);
    if (!key.startsWith("agk_") || key.length <= 4) fail(`${at}.key must start with agk_`);
    const scopes = item.scopes === undefined ? [...SCOPES] : item.scopes;
    if (!Array.isArray(scopes) || scopes.length === 0)
      fail(`${at}.scopes must be a non-empty array of ${SCOPES.join(", ")}`);
    return {
      id: optionalUuid(item.id, `${at}.id`) ?? createUuid(),
      workspaceId: workspaceIdOf(item, at),
      key,
      name: optionalString(item.name, `${at}.name`) ?? "seed key",
      scopes: [...new Set(scopes.map((scope, index) => oneOf(scope, SCOPES, `${at}.scopes[${index}]`)))],
      expiresAt: optionalDate(item.expiresAt, `${at}.expiresAt`),
      revoked: optionalBoolean(item.revoked, `${at}.revoked`) ?? false,
    };
  });

  const policies = section("policies").map(({ item, at }) => {
    const tool = item.tool === "*" ? "*" : oneOf(item.tool, TOOL_NAMES, `${at}.tool`, "*");
    const priority = item.priority ?? 100;
    if (typeof priority !== "number" || !Number.isInteger(priority))
      fail(`${at}.priority must be an integer`);
    return {
      id: optionalUuid(item.id, `${at}.id`) ?? createUuid(),
      workspaceId: workspaceIdOf(item, at),
      name: requiredString(item.name, `${at}.name`),
      tool: tool as ToolName | "*",
      actionType: optionalString(item.actionType, `${at}.actionType`),
      actionPattern: optionalString(item.actionPattern, `${at}.actionPattern`),
      resourceType: optionalString(item.resourceType, `${at}.resourceType`),
      riskLevel: item.riskLevel == null ? null : oneOf(item.riskLevel, RISK_LEVELS, `${at}.riskLevel`),
      mode: oneOf(item.mode, DECISIONS, `${at}.mode`),
      conditions: conditions(item.conditions, `${at}.conditions`),
      priority,
      enabled: optionalBoolean(item.enabled, `${at}.enabled`) ?? true,
      toolName: optionalString(item.toolName, `${at}.toolName`),
      toolNamePattern: optionalString(item.toolNamePattern, `${at}.toolNamePattern`),
      createdAt: optionalDate(item.createdAt, `${at}.createdAt`),
    };
  });

  const toolConnections = section("toolConnections").map(({ item, at }) => {
    const config = asJsonObject(item.config ?? {});
    if (!config) fail(`${at}.config must be an object`);
    for (const field of ["access_token", "org", "organization_id", "team_id", "webhook_secret"]) {
      optionalString(config[field], `${at}.config.${field}`);
    }
    optionalStringArray(config.repos, `${at}.config.repos`);
    optionalUrl(config.base_url, `${at}.config.base_url`);
    return {
      id: optionalUuid(item.id, `${at}.id`) ?? createUuid(),
      workspaceId: workspaceIdOf(item, at),
      tool: oneOf(item.tool, TOOL_NAMES, `${at}.tool`),
      paused: optionalBoolean(item.paused, `${at}.paused`) ?? false,
      config: { ...config } as ToolConnectionConfig,
      mcpServerUrl: optionalUrl(item.mcpServerUrl, `${at}.mcpServerUrl`),
      mcpAuthType:
        item.mcpAuthType == null
          ? "bearer"
          : oneOf(item.mcpAuthType, ["bearer", "token"] as const, `${at}.mcpAuthType`),
      mcpTransport:
        item.mcpTransport == null
          ? "http"
          : oneOf(item.mcpTransport, ["sse", "http"] as const, `${at}.mcpTransport`),
    };
  });

  const agents = section("agents").map(({ item, at }) => ({
    id: optionalUuid(item.id, `${at}.id`) ?? createUuid(),
    workspaceId: workspaceIdOf(item, at),
    name: requiredString(item.name, `${at}.name`),
  }));

  return { workspaces, members, apiKeys, policies, toolConnections, agents };
}

function fail(message: string): never {
  throw new MockControlError(message);
}

function requiredString(value: unknown, at: string): string {
  if (typeof value !== "string" || value.length === 0) fail(`${at} must be a non-empty string`);
  return value;
}

function optionalString(value: unknown, at: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") fail(`${at} must be a string or null`);
  return value.length === 0 ? null : value;
}

function optionalBoolean(value: unknown, at: string): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") fail(`${at} must be a boolean`);
  return value;
}

function optionalUuid(value: unknown, at: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !UUID.test(value)) fail(`${at} must be a UUID`);
  return value.toLowerCase();
}

function optionalDate(value: unknown, at: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !isSupportedTimeMs(Date.parse(value)))
    fail(`${at} must be an ISO-8601 date (years 0000-9999) or null`);
  return new Date(value).toISOString();
}

function optionalUrl(value: unknown, at: string): string | null {
  const text = optionalString(value, at);
  if (text === null) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
  } catch {
    fail(`${at} must be an http(s) URL or null`);
  }
  return text;
}

function optionalStringArray(value: unknown, at: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string"))
    fail(`${at} must be an array of strings`);
  return [...value];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], at: string, ...extra: string[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    fail(`${at} must be one of ${[...allowed, ...extra].join(", ")}`);
  }
  return value as T;
}

function conditions(value: unknown, at: string): PolicyConditions {
  if (value === undefined || value === null) return {};
  const object = asJsonObject(value);
  if (!object) fail(`${at} must be an object`);
  const result: PolicyConditions = {};
  for (const bound of ["minRiskLevel", "maxRiskLevel"] as const) {
    if (object[bound] != null)
      result[bound] = oneOf(object[bound], RISK_LEVELS, `${at}.${bound}`) as RiskLevel;
  }
  for (const list of [
    "allowedAgents",
    "blockedAgents",
    "allowedResourceTypes",
    "blockedResourceTypes",
  ] as const) {
    const entries = optionalStringArray(object[list], `${at}.${list}`);
    if (entries) result[list] = entries;
  }
  if (object.customRules != null) {
    const rules = asJsonObject(object.customRules);
    if (!rules) fail(`${at}.customRules must be an object`);
    result.customRules = rules;
  }
  return result;
}

function preferences(value: unknown, at: string): NotificationPreferences {
  if (value === undefined || value === null) return {};
  const object = asJsonObject(value);
  if (!object) fail(`${at} must be an object`);
  const result: NotificationPreferences = {};
  for (const [event, channels] of Object.entries(object)) {
    const key = oneOf(event, NOTIFICATION_EVENT_KEYS, `${at} key ${event}`);
    const channelObject = asJsonObject(channels);
    if (!channelObject) fail(`${at}.${event} must be an object`);
    const entry: { email?: boolean; slack?: boolean; inApp?: boolean } = {};
    for (const channel of ["email", "slack", "inApp"] as const) {
      const flag = optionalBoolean(channelObject[channel], `${at}.${event}.${channel}`);
      if (flag !== null) entry[channel] = flag;
    }
    result[key] = entry;
  }
  return result;
}
