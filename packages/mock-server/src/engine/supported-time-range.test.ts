import { describe, expect, it } from "vitest";
import { isSupportedTimeMs, MAX_SUPPORTED_TIME_MS, MIN_SUPPORTED_TIME_MS } from "./supported-time-range.js";

describe("isSupportedTimeMs", () => {
  it("accepts exactly the instants whose ISO form has a four-digit year", () => {
    expect(new Date(MIN_SUPPORTED_TIME_MS).toISOString()).toBe("0000-01-01T00:00:00.000Z");
    expect(new Date(MAX_SUPPORTED_TIME_MS).toISOString()).toBe("9999-12-31T23:59:59.999Z");
    expect(isSupportedTimeMs(MIN_SUPPORTED_TIME_MS)).toBe(true);
    expect(isSupportedTimeMs(MAX_SUPPORTED_TIME_MS)).toBe(true);
    expect(isSupportedTimeMs(MIN_SUPPORTED_TIME_MS - 1)).toBe(false);
    expect(isSupportedTimeMs(MAX_SUPPORTED_TIME_MS + 1)).toBe(false);
    expect(isSupportedTimeMs(8.64e15)).toBe(false);
    expect(isSupportedTimeMs(Number.NaN)).toBe(false);
    expect(isSupportedTimeMs(Number.POSITIVE_INFINITY)).toBe(false);
  });
});
