import { describe, expect, it } from "vitest";
import { createMemoryGuardStore } from "./create-memory-guard-store";
import type { GuardRecord } from "./guard-store";

const record = (toolName: string): GuardRecord => ({ state: "executing", toolName, evaluation: null });

describe("createMemoryGuardStore", () => {
  it("keeps at most maxEntries records, dropping the least recently used", () => {
    const store = createMemoryGuardStore({ maxEntries: 2 });
    store.set("a", record("a"));
    store.set("b", record("b"));
    store.get("a");
    store.set("c", record("c"));
    expect(store.size).toBe(2);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")).toEqual(record("a"));
    expect(store.get("c")).toEqual(record("c"));
  });

  it("replaces and deletes records", () => {
    const store = createMemoryGuardStore();
    store.set("a", record("a"));
    store.set("a", record("b"));
    expect(store.get("a")).toEqual(record("b"));
    store.delete("a");
    expect(store.get("a")).toBeUndefined();
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => createMemoryGuardStore({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => createMemoryGuardStore({ maxEntries: 1.5 })).toThrow(RangeError);
  });
});
