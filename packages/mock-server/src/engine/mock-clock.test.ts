import { describe, expect, it } from "vitest";
import { createMockClock } from "./mock-clock.js";

describe("createMockClock", () => {
  it("follows real time until controlled", () => {
    const clock = createMockClock();
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50);
    expect(clock.isControlled()).toBe(false);
  });

  it("stands still once set, moves only when advanced, and returns to real time", () => {
    const clock = createMockClock();
    expect(clock.set("2030-01-01T00:00:00Z")).toBe("2030-01-01T00:00:00.000Z");
    expect(clock.nowIso()).toBe("2030-01-01T00:00:00.000Z");
    expect(clock.advance(1500)).toBe("2030-01-01T00:00:01.500Z");
    expect(clock.nowIso()).toBe("2030-01-01T00:00:01.500Z");
    clock.useRealTime();
    expect(clock.isControlled()).toBe(false);
    expect(clock.nowMs()).toBeLessThan(Date.parse("2030-01-01T00:00:00Z"));
  });

  it("refuses a date it cannot read", () => {
    expect(() => createMockClock().set("yesterday")).toThrow(RangeError);
  });

  it("takes real time from an injected source", () => {
    let now = 1_000;
    const clock = createMockClock({ now: () => now });
    expect(clock.nowMs()).toBe(1_000);
    now = 2_000;
    expect(clock.nowIso()).toBe("1970-01-01T00:00:02.000Z");
  });
});
