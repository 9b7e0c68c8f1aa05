import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

/** Rebuilds every object of a JSON value with its keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reverseKeys(item)]),
    );
  }
  return value;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: { d: 1, c: [2, { f: 3, e: 4 }] }, a: "x" })).toBe(
      '{"a":"x","b":{"c":[2,{"e":4,"f":3}],"d":1}}',
    );
  });

  it("follows JSON.stringify for undefined, functions, non-finite numbers, toJSON and bigint", () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: [undefined, Number.NaN, Infinity] })).toBe(
      '{"c":[null,null,null]}',
    );
    expect(canonicalJson({ at: new Date("2025-01-01T00:00:00.000Z") })).toBe(
      '{"at":"2025-01-01T00:00:00.000Z"}',
    );
    expect(canonicalJson({ big: 12345678901234567890n })).toBe('{"big":"12345678901234567890"}');
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("refuses a cyclic structure but accepts a repeated (acyclic) one", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });

  it("gives the same text for any key order, and parses back to the same data", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value) ?? "null"));
      }),
    );
  });
});
