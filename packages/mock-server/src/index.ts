/**
 * @sentrail/mock-server: an offline Sentrail for tests. Runtime-neutral entry (no Node built-ins):
 * the mock itself, its MSW handlers, its control plane, and the seed/state types.
 * The HTTP server and the `sentrail-mock` command live in `@sentrail/mock-server/node`.
 */

export {
  type CreateMockSentrailOptions,
  createMockSentrail,
  type MockSentrail,
} from "./create-mock-sentrail.js";
export type {
  AgentIdentity,
  ApprovalRequestRow,
  ApprovalStatus,
  AuditDecision,
  AuditLogRow,
  AuditSource,
  Decision,
  DeferredActionRow,
  DeferredActionStatus,
  McpAuthType,
  McpTransport,
  NotificationChannel,
  NotificationEventKey,
  NotificationPreferences,
  NotificationRow,
  NotificationStatus,
  Policy,
  PolicyConditions,
  RiskClassification,
  RiskLevel,
  Scope,
  ToolConnectionConfig,
  ToolName,
  WebhookEventRow,
  WorkspaceEnvironment,
  WorkspaceRole,
  WorkspaceSettings,
} from "./engine/engine-types.js";
export type { KillSwitchView } from "./engine/kill-switch-view.js";
export { MockControlError } from "./engine/mock-control-error.js";
export type {
  Seed,
  SeedAgent,
  SeedApiKey,
  SeedMember,
  SeedPolicy,
  SeedResult,
  SeedToolConnection,
  SeedWorkspace,
} from "./engine/seed-types.js";
export type { MockState, ToolConnectionStateView, WorkspaceStateView } from "./engine/snapshot-state.js";
export type { DeferredActionTampering, MockClockChange, MockControl } from "./http/create-mock-control.js";
export { FAULT_ENDPOINTS, type FaultEndpoint, type MockFault } from "./http/fault-queue.js";
export { createSentrailHandlers, type SentrailHandlersOptions } from "./msw/create-sentrail-handlers.js";
export {
  type CreateUpstreamDispatcherOptions,
  createUpstreamDispatcher,
} from "./upstream/create-upstream-dispatcher.js";
export {
  type UpstreamDispatcher,
  UpstreamNetworkError,
  type UpstreamRecord,
  type UpstreamRequest,
  type UpstreamResponse,
  type UpstreamScript,
  type UpstreamTool,
} from "./upstream/upstream-types.js";
