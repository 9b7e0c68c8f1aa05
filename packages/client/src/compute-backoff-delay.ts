/**
 * Shape of a growing delay schedule: `initialDelayMs × multiplier^n`, capped at `maxDelayMs`.
 *
 * @example
 * ```ts
 * const schedule: BackoffSchedule = { initialDelayMs: 1000, multiplier: 1.5, maxDelayMs: 10_000 };
 * ```
 */
export interface BackoffSchedule {
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
}

/**
 * Jitter is ±20 % around the scheduled delay: wide enough that many agents waiting on one reviewer do
 * not poll in lockstep, narrow enough that a delay stays predictable for a person watching.
 *
 * @example
 * ```ts
 * const lowest = 1000 * (1 - JITTER_RATIO); // 800 ms
 * ```
 */
export const JITTER_RATIO = 0.2;

/**
 * The delay before retry/poll number `attempt` (0-based): with `b = min(maxDelayMs, initialDelayMs ×
 * multiplier^attempt)`, the result is `b × (0.8 + 0.4 × random())`, rounded, and never above
 * `maxDelayMs`. So with the defaults (1 s, ×1.5, 10 s) the delays fall in
 * [800, 1200], [1200, 1800], [1800, 2700] … and [8000, 10000] once capped.
 *
 * @example
 * ```ts
 * computeBackoffDelay(2, { initialDelayMs: 1000, multiplier: 1.5, maxDelayMs: 10_000 }, () => 0.5); // => 2250
 * ```
 */
export function computeBackoffDelay(
  attempt: number,
  schedule: BackoffSchedule,
  random: () => number,
): number {
  const base = Math.min(schedule.maxDelayMs, schedule.initialDelayMs * schedule.multiplier ** attempt);
  const factor = 1 - JITTER_RATIO + 2 * JITTER_RATIO * clampUnit(random());
  return Math.min(schedule.maxDelayMs, Math.round(base * factor));
}

/** A misbehaving injected random() must not produce a negative or huge delay. */
function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
