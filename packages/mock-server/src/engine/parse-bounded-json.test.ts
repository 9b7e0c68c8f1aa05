import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "./exceeds-json-depth.js";
import { parseBoundedJson } from "./parse-bounded-json.js";

describe("parseBoundedJson", () => {
  it("parses JSON like JSON.parse, own __proto__ keys included", () => {
    const parsed = parseBoundedJson('{"a":[1,"x"],"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(parsed.a).toEqual([1, "x"]);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("throws SyntaxError for text that is not JSON or nests deeper than MAX_JSON_DEPTH", () => {
    expect(() => parseBoundedJson("{")).toThrow(SyntaxError);
    const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    expect(() => parseBoundedJson(deep)).toThrow(SyntaxError);
  });
});
