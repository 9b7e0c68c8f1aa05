import { describe, expect, it } from "vitest";
import {
  describeGuardStoreContract,
  executingRecord,
} from "../../test/helpers/describe-guard-store-contract";
import { createMemoryGuardStore } from "./create-memory-guard-store";

describeGuardStoreContract("createMemoryGuardStore", () => createMemoryGuardStore());

describe("createMemoryGuardStore", () => {
  it("keeps at most maxEntries records, dropping the least recently used", () => {
    const store = createMemoryGuardStore({ maxEntries: 2 });
    store.claim("a", null, executingRecord("a"));
    store.claim("b", null, executingRecord("b"));
    store.get("a");
    store.claim("c", null, executingRecord("c"));
    expect(store.size).toBe(2);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")).toEqual(executingRecord("a"));
    expect(store.get("c")).toEqual(executingRecord("c"));
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => createMemoryGuardStore({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => createMemoryGuardStore({ maxEntries: 1.5 })).toThrow(RangeError);
  });
});
