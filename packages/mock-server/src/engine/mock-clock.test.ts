import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockClock } from "./mock-clock.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("createMockClock", () => {
  it("follows real time (Date.now by default) until controlled", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2031-05-06T07:08:09.010Z"));
    const clock = createMockClock();
    expect(clock.nowIso()).toBe("2031-05-06T07:08:09.010Z");
    vi.setSystemTime(Date.parse("2031-05-06T07:08:10.000Z"));
    expect(clock.nowMs()).toBe(Date.parse("2031-05-06T07:08:10.000Z"));
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

  it("refuses to leave years 0000-9999 and stays where it was", () => {
    const clock = createMockClock();
    clock.set("2030-01-01T00:00:00.000Z");
    expect(() => clock.advance(1e20)).toThrow(RangeError);
    expect(() => clock.advance(8.64e15)).toThrow(RangeError);
    expect(() => clock.advance(-1e20)).toThrow(RangeError);
    expect(() => clock.set("+275760-09-13T00:00:00.000Z")).toThrow(RangeError);
    expect(() => clock.set("+010000-01-01T00:00:00.000Z")).toThrow(RangeError);
    expect(clock.nowIso()).toBe("2030-01-01T00:00:00.000Z");
    expect(clock.set("9999-12-31T23:59:59.999Z")).toBe("9999-12-31T23:59:59.999Z");
    expect(() => clock.advance(1)).toThrow(RangeError);
    expect(clock.set("0000-01-01T00:00:00.000Z")).toBe("0000-01-01T00:00:00.000Z");
  });

  it("takes real time from an injected source", () => {
    let now = 1_000;
    const clock = createMockClock({ now: () => now });
    expect(clock.nowMs()).toBe(1_000);
    now = 2_000;
    expect(clock.nowIso()).toBe("1970-01-01T00:00:02.000Z");
  });
});
