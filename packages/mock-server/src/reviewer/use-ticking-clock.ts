import { useEffect, useState } from "preact/hooks";

/**
 * The current time in milliseconds, re-read every `intervalMs`, for countdowns. `offsetMs` shifts it
 * onto the mock's clock (`Date.parse(state.now) - Date.now()` when the state was read), so a test that
 * moved the mock clock sees expiry where the mock sees it.
 *
 * @example
 * const now = useTickingClock(1000, offsetMs);
 */
export function useTickingClock(intervalMs: number, offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now + offsetMs;
}
