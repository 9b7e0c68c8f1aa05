import { describe, expect, it } from "vitest";
import { isGraphBubbleUp } from "./is-graph-bubble-up";

describe("isGraphBubbleUp", () => {
  it.each([
    ["GraphInterrupt by name", Object.assign(new Error("x"), { name: "GraphInterrupt" }), true],
    ["NodeInterrupt by name", Object.assign(new Error("x"), { name: "NodeInterrupt" }), true],
    ["any error flagged is_bubble_up", Object.assign(new Error("x"), { is_bubble_up: true }), true],
    ["an ordinary error", new Error("boom"), false],
    ["a string", "GraphInterrupt", false],
    ["null", null, false],
  ])("recognises %s: %s", (_name, error, expected) => {
    expect(isGraphBubbleUp(error)).toBe(expected);
  });
});
