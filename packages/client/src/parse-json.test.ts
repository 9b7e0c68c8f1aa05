import { describe, expect, it } from "vitest";
import { parseJson } from "./parse-json";

describe("parseJson", () => {
  it("parses JSON and answers undefined for empty or invalid text", () => {
    expect(parseJson('{"ok":true}')).toEqual({ ok: true });
    expect(parseJson("null")).toBeNull();
    expect(parseJson("")).toBeUndefined();
    expect(parseJson("<html>Bad gateway</html>")).toBeUndefined();
  });
});
