import { describe, expect, it } from "vitest";
import { normalizeUuid } from "./normalize-uuid.js";

describe("normalizeUuid", () => {
  it("lower-cases a UUID written in any case", () => {
    expect(normalizeUuid("550E8400-E29B-41d4-A716-446655440000")).toBe(
      "550e8400-e29b-41d4-a716-446655440000",
    );
    expect(normalizeUuid("550e8400-e29b-41d4-a716-446655440000")).toBe(
      "550e8400-e29b-41d4-a716-446655440000",
    );
  });

  it("gives null for anything that is not a UUID", () => {
    for (const value of [
      undefined,
      null,
      42,
      "",
      "550e8400e29b41d4a716446655440000",
      " 550e8400-e29b-41d4-a716-446655440000",
    ]) {
      expect(normalizeUuid(value)).toBeNull();
    }
  });
});
