import { createSentrailEngine } from "./engine/create-sentrail-engine.js";
import { createMockClock } from "./engine/mock-clock.js";
import { createMockControl, type MockControl } from "./http/create-mock-control.js";
import { createSentrailRouter } from "./http/create-sentrail-router.js";
import { createFaultQueue } from "./http/fault-queue.js";
import { createUpstreamDispatcher } from "./upstream/create-upstream-dispatcher.js";
import type { UpstreamDispatcher } from "./upstream/upstream-types.js";

/** Options for {@link createMockSentrail}. */
export interface CreateMockSentrailOptions {
  /**
   * Where allowed and approved tool calls go. Default: the built-in dispatcher (scripted answers, then
   * the fake GitHub/Linear/MCP upstreams, then real URLs over `fetch`).
   */
  upstream?: UpstreamDispatcher;
  /** Used for Slack notification delivery and real upstreams. Default `globalThis.fetch`, read at call time. */
  fetch?: typeof globalThis.fetch;
  /** What "real time" is for the mock clock (e.g. fake timers). Default `Date.now()`. */
  now?: () => Date | number;
}

/** One offline Sentrail: a fetch-style handler over an in-memory engine, plus its control plane. */
export interface MockSentrail {
  /**
   * Answers any request for `…/functions/v1/*` (every Sentrail endpoint of the contract) or
   * `…/__mock/*` (the control plane), whatever the origin. Never rejects: unexpected failures are
   * `500` answers. A `networkError` fault answers `Response.error()`; an HTTP host should drop the
   * connection for it.
   */
  handle(request: Request): Promise<Response>;
  /** The control plane in process: reset, seed, state, clock, token, upstream scripts, faults. */
  control: MockControl;
}

/**
 * Creates an offline Sentrail with the contract's full behaviour (policies, classification,
 * approvals, kill switch, audit log, API keys, notifications, webhooks) in memory. Runtime-neutral:
 * use it in-process through {@link createSentrailHandlers} (MSW), with any fetch-style server, or
 * serve it with `startMockServer` from `@sentrail/mock-server/node`.
 *
 * @example
 * const mock = createMockSentrail();
 * const { workspaceIds } = await mock.control.seed({
 *   workspaces: [{ name: "Acme" }],
 *   apiKeys: [{ key: "agk_0123456789abcdef0123456789abcdef01234567", scopes: ["evaluate"] }],
 *   policies: [{ name: "Allow reads", tool: "github", actionPattern: "read", mode: "allow", priority: 10 }],
 * });
 * const response = await mock.handle(new Request("http://localhost/functions/v1/evaluate-action", {
 *   method: "POST",
 *   headers: { authorization: "Bearer agk_0123456789abcdef0123456789abcdef01234567", "content-type": "application/json" },
 *   body: JSON.stringify({ tool: "github", action: "read", riskLevel: "low" }),
 * }));
 * (await response.json()).decision; // "allow"
 */
export function createMockSentrail(options: CreateMockSentrailOptions = {}): MockSentrail {
  const clock = createMockClock(options.now ? { now: options.now } : {});
  const upstream =
    options.upstream ??
    createUpstreamDispatcher({
      now: () => new Date(clock.nowMs()),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  const engine = createSentrailEngine({
    clock,
    upstream,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const faults = createFaultQueue();
  const control = createMockControl(engine, faults);
  const handle = createSentrailRouter({ engine, faults, control });
  return { handle, control };
}
