import { describe, expect, it } from "vitest";
import type { GuardRecord, GuardStore } from "../../src/guard/guard-store";

/** A record as the guard writes them: a fresh revision per write. */
export function executingRecord(revision: string, owner = "owner-1"): GuardRecord {
  return { state: "executing", revision, toolName: "refund", evaluation: null, owner, leaseUntil: 0 };
}

/**
 * The contract every {@link GuardStore} keeps, as one suite that each store runs: `claim` is a
 * compare-and-set on the record's revision, and exactly one of many concurrent claims from the same
 * revision wins.
 */
export function describeGuardStoreContract(
  name: string,
  createStore: () => GuardStore | Promise<GuardStore>,
) {
  describe(`${name} keeps the GuardStore contract`, () => {
    it("claims an absent key only with expectedRevision null", async () => {
      const store = await createStore();
      expect(await store.claim("k", "r0", executingRecord("r1"))).toBe(false);
      expect(await store.get("k")).toBeUndefined();
      expect(await store.claim("k", null, executingRecord("r1"))).toBe(true);
      expect(await store.get("k")).toEqual(executingRecord("r1"));
    });

    it("replaces a record only from its current revision, and removes it with next null", async () => {
      const store = await createStore();
      await store.claim("k", null, executingRecord("r1"));
      expect(await store.claim("k", null, executingRecord("r2"))).toBe(false);
      expect(await store.claim("k", "stale", executingRecord("r2"))).toBe(false);
      expect(await store.get("k")).toEqual(executingRecord("r1"));
      expect(await store.claim("k", "r1", executingRecord("r2"))).toBe(true);
      expect(await store.get("k")).toEqual(executingRecord("r2"));
      expect(await store.claim("k", "r1", null)).toBe(false);
      expect(await store.claim("k", "r2", null)).toBe(true);
      expect(await store.get("k")).toBeUndefined();
    });

    it("keeps keys apart", async () => {
      const store = await createStore();
      await store.claim("a", null, executingRecord("ra"));
      expect(await store.claim("b", null, executingRecord("rb"))).toBe(true);
      expect(await store.get("a")).toEqual(executingRecord("ra"));
      expect(await store.get("b")).toEqual(executingRecord("rb"));
    });

    it("lets exactly one of many concurrent claims from the same revision win", async () => {
      const store = await createStore();
      const claims = await Promise.all(
        Array.from({ length: 16 }, (_, index) =>
          Promise.resolve(store.claim("k", null, executingRecord(`r${index}`, `owner-${index}`))),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = claims.indexOf(true);
      expect(await store.get("k")).toEqual(executingRecord(`r${winner}`, `owner-${winner}`));
    });
  });
}
