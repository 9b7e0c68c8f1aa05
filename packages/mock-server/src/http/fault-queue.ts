/** Sentrail endpoints a fault can target (mock-server.md §3); `status` is the gateway-proxy poll. */
export const FAULT_ENDPOINTS = [
  "evaluate-action",
  "gateway-proxy",
  "status",
  "mcp-gate",
  "approval-decision",
  "kill-switch",
] as const;
/** An endpoint a fault can target. */
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

/** A fault queued by `POST /__mock/faults` (mock-server.md §3). */
export interface MockFault {
  endpoint: FaultEndpoint;
  /** Answer status (default 500 unless the fault only delays). */
  status?: number;
  /** Answer body (default `{ ok: false, error: "Injected fault" }`); strings are sent as they are. */
  body?: unknown;
  /** Real-time wait before answering (or, alone, before handling the call normally). */
  delayMs?: number;
  /** Drop the call: `Response.error()` (a failed fetch in-process; a destroyed socket over HTTP). */
  networkError?: boolean;
  /** How many calls it applies to (default 1). */
  times?: number;
}

/** Queued faults, first in first out per endpoint. */
export interface FaultQueue {
  add(fault: MockFault): void;
  /** The fault for the next call to `endpoint`, consuming one of its `times`; undefined when none. */
  take(endpoint: FaultEndpoint): MockFault | undefined;
  reset(): void;
}

/**
 * Creates the fault queue behind `/__mock/faults`. The router consults it before any engine work, so
 * a faulted call leaves no audit row and changes no state.
 *
 * @example
 * const faults = createFaultQueue();
 * faults.add({ endpoint: "evaluate-action", status: 503, times: 2 });
 * faults.take("evaluate-action")?.status; // 503
 */
export function createFaultQueue(): FaultQueue {
  let queues = new Map<FaultEndpoint, Array<{ fault: MockFault; remaining: number }>>();
  return {
    add(fault) {
      const queue = queues.get(fault.endpoint) ?? [];
      queue.push({ fault: { ...fault }, remaining: Math.max(1, Math.floor(fault.times ?? 1)) });
      queues.set(fault.endpoint, queue);
    },
    take(endpoint) {
      const queue = queues.get(endpoint);
      const head = queue?.[0];
      if (!queue || !head) return undefined;
      head.remaining -= 1;
      if (head.remaining <= 0) queue.shift();
      return head.fault;
    },
    reset() {
      queues = new Map();
    },
  };
}
