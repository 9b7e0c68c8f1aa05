import { describe, expect, it } from "vitest";
import { createMockClock } from "./mock-clock.js";
import { createToolsListCache } from "./tools-list-cache.js";

describe("createToolsListCache", () => {
  it("keeps a result for 60 s of mock time, then forgets it", () => {
    const clock = createMockClock();
    clock.set("2030-01-01T00:00:00.000Z");
    const cache = createToolsListCache(clock);
    cache.set("k", { tools: [] });
    clock.advance(59_999);
    expect(cache.get("k")).toEqual({ tools: [] });
    clock.advance(1);
    expect(cache.get("k")).toBeUndefined();
  });

  it("is cleared by reset and keyed per workspace + connection", () => {
    const cache = createToolsListCache(createMockClock());
    cache.set("a", 1);
    expect(cache.get("b")).toBeUndefined();
    cache.reset();
    expect(cache.get("a")).toBeUndefined();
  });
});
