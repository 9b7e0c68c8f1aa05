import { describe, expect, it } from "vitest";
import { createColors } from "./create-colors";

describe("createColors", () => {
  it("colours only a terminal, and never with NO_COLOR or --no-color", () => {
    expect(createColors({ isTTY: true }, { env: {} }).red("x")).not.toBe("x");
    expect(createColors({ isTTY: false }, { env: {} }).red("x")).toBe("x");
    expect(createColors({ isTTY: true }, { env: { NO_COLOR: "1" } }).red("x")).toBe("x");
    expect(createColors({ isTTY: true }, { env: {}, noColor: true }).red("x")).toBe("x");
  });
});
