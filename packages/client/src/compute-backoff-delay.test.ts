import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeBackoffDelay } from "./compute-backoff-delay";

const schedule = { initialDelayMs: 1000, multiplier: 1.5, maxDelayMs: 10_000 };

describe("computeBackoffDelay", () => {
  it("follows 1 s, 1.5 s, 2.25 s … capped at 10 s without jitter (random = 0.5)", () => {
    const delays = Array.from({ length: 9 }, (_, attempt) =>
      computeBackoffDelay(attempt, schedule, () => 0.5),
    );
    expect(delays).toEqual([1000, 1500, 2250, 3375, 5063, 7594, 10_000, 10_000, 10_000]);
  });

  it("applies ±20 % jitter at the extremes of random()", () => {
    expect(computeBackoffDelay(0, schedule, () => 0)).toBe(800);
    expect(computeBackoffDelay(0, schedule, () => 0.999_999)).toBe(1200);
    expect(computeBackoffDelay(1, schedule, () => 0)).toBe(1200);
    expect(computeBackoffDelay(1, schedule, () => 0.999_999)).toBe(1800);
    expect(computeBackoffDelay(10, schedule, () => 0)).toBe(8000);
    expect(computeBackoffDelay(10, schedule, () => 0.999_999)).toBe(10_000);
  });

  it("stays within [0.8 b, min(1.2 b, cap)] for every attempt and random value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true }),
        (attempt, r) => {
          const base = Math.min(10_000, 1000 * 1.5 ** attempt);
          const delay = computeBackoffDelay(attempt, schedule, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.round(base * 0.8));
          expect(delay).toBeLessThanOrEqual(Math.min(10_000, Math.round(base * 1.2)));
        },
      ),
    );
  });

  it("clamps a misbehaving random() into [0, 1]", () => {
    expect(computeBackoffDelay(0, schedule, () => -5)).toBe(800);
    expect(computeBackoffDelay(0, schedule, () => 7)).toBe(1200);
    expect(computeBackoffDelay(0, schedule, () => Number.NaN)).toBe(800);
  });
});
