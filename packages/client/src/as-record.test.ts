import { describe, expect, it } from "vitest";
import { asRecord, stringOr } from "./as-record";

describe("asRecord", () => {
  it("keeps objects and turns everything else into an empty record", () => {
    const object = { ok: true };
    expect(asRecord(object)).toBe(object);
    for (const value of [null, undefined, 1, "text", true]) expect(asRecord(value)).toEqual({});
  });
});

describe("stringOr", () => {
  it("returns strings and falls back for anything else", () => {
    expect(stringOr("a", null)).toBe("a");
    expect(stringOr("", null)).toBe("");
    expect(stringOr(1, null)).toBeNull();
    expect(stringOr(undefined, "fallback")).toBe("fallback");
  });
});
