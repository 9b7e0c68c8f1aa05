import type { MockClock } from "./mock-clock.js";

/** How long an upstream `tools/list` result is reused (§4.4). */
export const TOOLS_LIST_TTL_MS = 60_000;

/** The mcp-gate `tools/list` cache, per workspace + MCP connection set (§4.4, §11). */
export interface ToolsListCache {
  /** The cached `result` for this key when younger than 60 s on the mock clock. */
  get(key: string): unknown | undefined;
  set(key: string, result: unknown): void;
  /** Drops everything (`/__mock/reset`). */
  reset(): void;
}

/**
 * Creates the `tools/list` cache. Ages are read from the mock clock, so advancing the clock by 60 s
 * makes the next `tools/list` reach the upstream again.
 *
 * @example
 * const cache = createToolsListCache(clock);
 * cache.set("ws|conn", { tools: [] });
 * cache.get("ws|conn"); // { tools: [] } for the next 60 s
 */
export function createToolsListCache(clock: MockClock): ToolsListCache {
  let entries = new Map<string, { result: unknown; storedAtMs: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      const age = clock.nowMs() - entry.storedAtMs;
      if (age < 0 || age >= TOOLS_LIST_TTL_MS) {
        entries.delete(key);
        return undefined;
      }
      return entry.result;
    },
    set(key, result) {
      entries.set(key, { result, storedAtMs: clock.nowMs() });
    },
    reset() {
      entries = new Map();
    },
  };
}
