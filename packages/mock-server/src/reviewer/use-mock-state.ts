import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { MockState } from "../engine/snapshot-state.js";

/** What {@link useMockState} returns. */
export interface MockStateReading {
  /** The last state read, or null before the first answer. */
  state: MockState | null;
  /** Why the last read failed (the page keeps showing the previous state), or null. */
  error: string | null;
  /** The mock's clock minus this browser's, measured when the state arrived (`state.now`). */
  clockOffsetMs: number;
  /** Reads the state now (e.g. right after a decision) and resolves with it (null when the read failed). */
  refresh(): Promise<MockState | null>;
}

/**
 * Keeps the page's data live: reads the documented, read-only `GET /__mock/state` of the page's own
 * origin every `intervalMs` (one read at a time, the next one scheduled when the previous answered),
 * so new approvals, decisions and audit rows appear without a reload.
 *
 * How it fails: a failed read (server stopped, unreadable answer) keeps the last state and sets `error`;
 * the next read is tried on schedule, and a success clears the error.
 *
 * @example
 * const { state, error, refresh } = useMockState(1000);
 */
export function useMockState(intervalMs: number): MockStateReading {
  const [state, setState] = useState<MockState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const mounted = useRef(true);

  const refresh = useCallback(async (): Promise<MockState | null> => {
    try {
      const response = await fetch("/__mock/state", {
        cache: "no-store",
        headers: { accept: "application/json" },
      });
      if (!response.ok) throw new Error(`GET /__mock/state answered HTTP ${response.status}`);
      const body = (await response.json()) as MockState;
      if (body?.ok !== true || !Array.isArray(body.approvalRequests)) throw new Error("Unreadable state");
      if (mounted.current) {
        const offset = Date.parse(body.now) - Date.now();
        setClockOffsetMs(Number.isNaN(offset) ? 0 : offset);
        setState(body);
        setError(null);
      }
      return body;
    } catch (cause) {
      if (mounted.current) setError(cause instanceof Error ? cause.message : String(cause));
      return null;
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      await refresh();
      if (mounted.current) timer = setTimeout(loop, intervalMs);
    };
    void loop();
    return () => {
      mounted.current = false;
      clearTimeout(timer);
    };
  }, [refresh, intervalMs]);

  return { state, error, clockOffsetMs, refresh };
}
