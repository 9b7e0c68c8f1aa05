import { isSupportedTimeMs } from "./supported-time-range.js";

/**
 * The mock's one clock. Approval expiry, key expiry, the Linear webhook window, the `tools/list`
 * cache and every timestamp read it (mock-server.md §3).
 */
export interface MockClock {
  /** Current time in epoch milliseconds. */
  nowMs(): number;
  /** Current time as ISO-8601 UTC with milliseconds and `Z`. */
  nowIso(): string;
  /** Moves the clock by `ms` (may be negative) and stops it there; returns the new ISO time. */
  advance(ms: number): string;
  /** Sets the clock to `iso` and stops it there; returns the new ISO time. */
  set(iso: string): string;
  /** Back to real, flowing time. */
  useRealTime(): void;
  /** True while the clock is stopped at a controlled time. */
  isControlled(): boolean;
}

/** Options for {@link createMockClock}. */
export interface MockClockOptions {
  /** What "real time" is (e.g. a test's fake timers); default `Date.now()`. */
  now?: () => Date | number;
}

/**
 * Creates a clock that follows real time until a test controls it. Once advanced or set, it stands
 * still at that instant and moves only when told to, so tests can assert exact timestamps; `reset`
 * returns it to real time.
 *
 * Fails with a `RangeError`, and stays where it was, when `set` receives something that is not a
 * date or when `set`/`advance` would leave years 0000–9999 (see `isSupportedTimeMs`): a clock that
 * cannot print its own time would make every later timestamp throw.
 *
 * @example
 * const clock = createMockClock();
 * clock.set("2030-01-01T00:00:00.000Z");
 * clock.advance(60_000); // "2030-01-01T00:01:00.000Z"
 */
export function createMockClock(options: MockClockOptions = {}): MockClock {
  const source = options.now;
  const realNow = source ? () => Number(source()) : () => Date.now();
  let controlledMs: number | null = null;
  const nowMs = () => controlledMs ?? realNow();
  // Many rows are stamped within the same millisecond: they share one string.
  let lastMs = Number.NaN;
  let lastIso = "";
  return {
    nowMs,
    nowIso() {
      const ms = nowMs();
      if (ms !== lastMs) {
        lastMs = ms;
        lastIso = new Date(ms).toISOString();
      }
      return lastIso;
    },
    advance(ms) {
      const target = nowMs() + ms;
      if (!isSupportedTimeMs(target)) {
        throw new RangeError(`Advancing by ${ms} ms leaves the supported years 0000-9999`);
      }
      controlledMs = target;
      return new Date(target).toISOString();
    },
    set(iso) {
      const ms = Date.parse(iso);
      if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${iso}`);
      if (!isSupportedTimeMs(ms)) throw new RangeError(`Outside the supported years 0000-9999: ${iso}`);
      controlledMs = ms;
      return new Date(ms).toISOString();
    },
    useRealTime() {
      controlledMs = null;
    },
    isControlled: () => controlledMs !== null,
  };
}
