import { describe, expect, it } from "vitest";
import { toThreadScope } from "./to-thread-scope";

describe("toThreadScope", () => {
  it("scopes a string or numeric thread id", () => {
    expect(toThreadScope("t-1")).toBe("thread:t-1");
    expect(toThreadScope(7)).toBe("thread:7");
  });

  it("gives no scope without a usable thread id", () => {
    for (const value of [undefined, null, "", Number.NaN, { id: 1 }])
      expect(toThreadScope(value)).toBeUndefined();
  });
});
