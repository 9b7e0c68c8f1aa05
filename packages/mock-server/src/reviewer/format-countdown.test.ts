import { describe, expect, it } from "vitest";
import { formatCountdown } from "./format-countdown.js";

const at = (iso: string) => Date.parse(iso);

describe("formatCountdown", () => {
  it("shows hours and minutes, minutes and seconds, then seconds as expiry nears", () => {
    expect(formatCountdown("2026-01-02T00:00:00.000Z", at("2026-01-01T00:00:30.000Z"))).toBe("23 h 59 min");
    expect(formatCountdown("2026-01-01T00:01:05.000Z", at("2026-01-01T00:00:00.000Z"))).toBe("1 min 05 s");
    expect(formatCountdown("2026-01-01T00:00:12.000Z", at("2026-01-01T00:00:00.000Z"))).toBe("12 s");
  });

  it("says expired from the instant the mock expires the request (now >= expires_at)", () => {
    expect(formatCountdown("2026-01-01T00:00:00.000Z", at("2026-01-01T00:00:00.000Z"))).toBe("expired");
    expect(formatCountdown("2026-01-01T00:00:00.000Z", at("2026-01-01T00:00:00.999Z"))).toBe("expired");
    expect(formatCountdown("not a date", 0)).toBe("expired");
  });
});
