import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "./exceeds-json-depth.js";

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Object.values(value as Record<string, unknown>);
  return 1 + children.reduce<number>((deepest, child) => Math.max(deepest, depthOf(child)), 0);
}

describe("exceedsJsonDepth", () => {
  it("counts nested objects and arrays, not brackets inside strings", () => {
    expect(exceedsJsonDepth('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(exceedsJsonDepth('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(exceedsJsonDepth(`{"a":"${"[{".repeat(500)}\\"${"[".repeat(500)}"}`, 2)).toBe(false);
  });

  it("refuses the nesting that used to break /__mock/state, and allows MAX_JSON_DEPTH levels", () => {
    expect(exceedsJsonDepth(`{"a":${"[".repeat(5_000)}${"]".repeat(5_000)}}`)).toBe(true);
    expect(exceedsJsonDepth("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it("agrees with the depth of the parsed value for any JSON text", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(exceedsJsonDepth(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});
