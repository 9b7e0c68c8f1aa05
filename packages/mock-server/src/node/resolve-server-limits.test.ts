import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_LIMITS, resolveServerLimits } from "./resolve-server-limits.js";

describe("resolveServerLimits", () => {
  it("fills in the documented defaults and checks deadlines at most every second", () => {
    expect(resolveServerLimits()).toEqual({ ...DEFAULT_SERVER_LIMITS, connectionsCheckingIntervalMs: 1_000 });
  });

  it("checks deadlines four times per shortest timeout, and caps the headers timeout at the request timeout", () => {
    const limits = resolveServerLimits({ headersTimeoutMs: 500, requestTimeoutMs: 200 });
    expect(limits.headersTimeoutMs).toBe(200);
    expect(limits.connectionsCheckingIntervalMs).toBe(50);
    expect(
      resolveServerLimits({ headersTimeoutMs: 0, requestTimeoutMs: 0 }).connectionsCheckingIntervalMs,
    ).toBe(1_000);
  });

  it("refuses negative, fractional and too small values", () => {
    expect(() => resolveServerLimits({ idleTimeoutMs: -1 })).toThrow(RangeError);
    expect(() => resolveServerLimits({ keepAliveTimeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => resolveServerLimits({ maxHeaderSize: 100 })).toThrow(RangeError);
  });
});
