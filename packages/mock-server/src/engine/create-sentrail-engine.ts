import type { UpstreamDispatcher } from "../upstream/upstream-types.js";
import { type ApiKeyStore, createApiKeyStore } from "./api-key-store.js";
import { type ApprovalStore, createApprovalStore } from "./approval-store.js";
import { type AuditLog, createAuditLog } from "./audit-log.js";
import { createStringInterner, type StringInterner } from "./create-string-interner.js";
import { createMockClock, type MockClock } from "./mock-clock.js";
import { createNotificationCenter, type NotificationCenter } from "./notification-center.js";
import { createPolicyIndex, type PolicyIndex } from "./policy-index.js";
import { createToolsListCache, type ToolsListCache } from "./tools-list-cache.js";
import { createWebhookEventLog, type WebhookEventLog } from "./webhook-event-log.js";
import { createWorkspaceStore, type WorkspaceStore } from "./workspace-store.js";

/** Options for {@link createSentrailEngine}. */
export interface SentrailEngineOptions {
  /** Where allowed and approved calls go (scripted, fake or real upstreams). */
  upstream: UpstreamDispatcher;
  /** The mock clock; a fresh real-time clock by default. */
  clock?: MockClock;
  /** Used for Slack notification delivery; default `globalThis.fetch`, read at call time. */
  fetch?: typeof globalThis.fetch;
  /** Real-time waits between Slack delivery attempts (default `[100, 300]`). */
  notificationRetryDelaysMs?: readonly number[];
}

/** The in-memory Sentrail: every table, the clock and the upstream seam. No HTTP in here. */
export interface SentrailEngine {
  readonly clock: MockClock;
  readonly upstream: UpstreamDispatcher;
  readonly workspaces: WorkspaceStore;
  readonly apiKeys: ApiKeyStore;
  readonly policies: PolicyIndex;
  readonly audit: AuditLog;
  readonly approvals: ApprovalStore;
  readonly notifications: NotificationCenter;
  readonly webhookEvents: WebhookEventLog;
  readonly toolsListCache: ToolsListCache;
  /** Shares one copy of the short strings audit rows repeat (bounded; see `createStringInterner`). */
  readonly intern: StringInterner;
  /**
   * A creation time for a new policy: now, or 1 ms after the previous policy when the clock has not
   * moved, so creation times are strictly increasing and "ties by creation" (§5.2) follow the order
   * policies were created in.
   */
  nextPolicyCreatedAt(): string;
  /** Empties every table and cache, forgets upstream scripts and records, and returns to real time. */
  reset(): void;
}

/**
 * Creates the engine: the stores of §15 over one mock clock. Operations (evaluate, decide an
 * approval, kill switch, keys, webhooks, seed) are functions that take the engine, one per file.
 *
 * @example
 * const engine = createSentrailEngine({ upstream: createUpstreamDispatcher({ now: () => new Date() }) });
 * await applySeed(engine, seed);
 */
export function createSentrailEngine(options: SentrailEngineOptions): SentrailEngine {
  const clock = options.clock ?? createMockClock();
  let lastPolicyMs = Number.NEGATIVE_INFINITY;
  const engine: SentrailEngine = {
    clock,
    upstream: options.upstream,
    workspaces: createWorkspaceStore(clock),
    apiKeys: createApiKeyStore(clock),
    policies: createPolicyIndex(),
    audit: createAuditLog(),
    approvals: createApprovalStore(clock),
    notifications: createNotificationCenter({
      clock,
      fetch: () => options.fetch ?? globalThis.fetch,
      ...(options.notificationRetryDelaysMs ? { retryDelaysMs: options.notificationRetryDelaysMs } : {}),
    }),
    webhookEvents: createWebhookEventLog(),
    toolsListCache: createToolsListCache(clock),
    intern: createStringInterner(),
    nextPolicyCreatedAt() {
      lastPolicyMs = Math.max(clock.nowMs(), lastPolicyMs + 1);
      return new Date(lastPolicyMs).toISOString();
    },
    reset() {
      engine.workspaces.reset();
      engine.apiKeys.reset();
      engine.policies.reset();
      engine.audit.reset();
      engine.approvals.reset();
      engine.notifications.reset();
      engine.webhookEvents.reset();
      engine.toolsListCache.reset();
      engine.upstream.reset();
      clock.useRealTime();
      lastPolicyMs = Number.NEGATIVE_INFINITY;
    },
  };
  return engine;
}
