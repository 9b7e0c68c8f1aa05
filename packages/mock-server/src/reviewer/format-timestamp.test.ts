import { describe, expect, it } from "vitest";
import { formatTimestamp } from "./format-timestamp.js";

describe("formatTimestamp", () => {
  it("shows an ISO time in UTC to the second, and a dash for nothing", () => {
    expect(formatTimestamp("2026-12-06T22:51:59.123Z")).toBe("2026-12-06 22:51:59 UTC");
    expect(formatTimestamp(null)).toBe("—");
    expect(formatTimestamp("garbage")).toBe("—");
  });
});
