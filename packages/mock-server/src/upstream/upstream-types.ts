/**
 * The seam between the engine (which decides) and the upstreams (which act).
 *
 * The engine never talks to the network itself: when a call is allowed, or an approved
 * deferred action is replayed, it hands an {@link UpstreamRequest} to an {@link UpstreamDispatcher}.
 * The dispatcher decides, in this order, who answers: a scripted answer queued through
 * `/__mock/upstream`, the built-in fake upstream (a connection without `base_url` /
 * `mcpServerUrl`), or the real URL over `fetch`. Every call is recorded, secrets redacted,
 * so tests can prove that a tool ran, and ran once.
 */

/** Upstream families the mock can forward to. */
export type UpstreamTool = "github" | "linear" | "mcp";

/** What the engine wants sent upstream (already credential-injected). */
export interface UpstreamRequest {
  tool: UpstreamTool;
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL (e.g. `https://api.github.com/repos/o/r/pulls`, or the connection's base URL). */
  url: string;
  /** Lower-case header names. Contains the injected tool credential; the record redacts it. */
  headers: Record<string, string>;
  /** Raw body text, or null for none. */
  body: string | null;
  /**
   * True when the connection has no real URL (`config.base_url` / `mcpServerUrl` is null):
   * the built-in fake upstream answers unless a scripted answer is queued.
   */
  useFake: boolean;
}

/** What came back from upstream. */
export interface UpstreamResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Raw body text ("" for none). */
  body: string;
}

/** Thrown by {@link UpstreamDispatcher.send} when the upstream could not be reached at all. */
export class UpstreamNetworkError extends Error {
  override readonly name = "UpstreamNetworkError";
}

/** A scripted answer queued by `POST /__mock/upstream` (mock-server.md §3). */
export interface UpstreamScript {
  tool: UpstreamTool;
  status?: number;
  body?: unknown;
  delayMs?: number;
  networkError?: boolean;
  times?: number;
}

/** One row of `/__mock/state.upstreamRequests` (secrets replaced by "[redacted]"). */
export interface UpstreamRecord {
  tool: UpstreamTool;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  at: string;
}

/**
 * A built-in fake upstream (mock-server.md §5): answers synchronously and deterministically from its
 * own in-memory counters. Never throws: an unreadable request gets a plausible 4xx answer.
 */
export interface FakeUpstream {
  answer(request: UpstreamRequest): UpstreamResponse;
}

/** Sends upstream calls, records them, and holds the scripted answers. */
export interface UpstreamDispatcher {
  /**
   * Sends one call. Resolves with any HTTP answer (including non-2xx); rejects with
   * {@link UpstreamNetworkError} when nothing answered (or a script says `networkError`).
   */
  send(request: UpstreamRequest, options?: { signal?: AbortSignal }): Promise<UpstreamResponse>;
  /** Queues a scripted answer for the next `times` calls of `script.tool`. */
  script(script: UpstreamScript): void;
  /** Every call that reached an upstream, oldest first. */
  records(): readonly UpstreamRecord[];
  /** Forgets scripts and records. */
  reset(): void;
}
