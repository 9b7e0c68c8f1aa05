import { describe, expect, it } from "vitest";
import { toRecordTtlMs } from "./to-record-ttl-ms";

const ttls = { settledTtlMs: 1_000, approvalTtlMs: 5_000 };
const now = 1_000_000;

describe("toRecordTtlMs", () => {
  it("keeps a settled record for settledTtlMs and an open approval for approvalTtlMs", () => {
    expect(toRecordTtlMs({ state: "settled", revision: "r", outcome: {} as never }, ttls, now)).toBe(1_000);
    expect(
      toRecordTtlMs(
        {
          state: "awaiting_approval",
          revision: "r",
          toolName: "t",
          tool: "internal_api",
          evaluation: {} as never,
        },
        ttls,
        now,
      ),
    ).toBe(5_000);
  });

  it("keeps an in-flight record for the rest of its lease plus settledTtlMs, and never less than settledTtlMs", () => {
    const base = { revision: "r", toolName: "t", owner: "o" };
    expect(toRecordTtlMs({ ...base, state: "evaluating", leaseUntil: now + 30_000 }, ttls, now)).toBe(31_000);
    expect(
      toRecordTtlMs({ ...base, state: "executing", evaluation: null, leaseUntil: now + 0.5 }, ttls, now),
    ).toBe(1_001);
    expect(
      toRecordTtlMs({ ...base, state: "executing", evaluation: null, leaseUntil: now - 60_000 }, ttls, now),
    ).toBe(1_000);
  });
});
