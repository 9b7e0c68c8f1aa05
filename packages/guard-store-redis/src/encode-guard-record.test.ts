import type { GuardOutcome, GuardRecord } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { decodeGuardRecord, NOT_STORED_RESULT } from "./decode-guard-record";
import { encodeGuardRecord } from "./encode-guard-record";

const outcome = {
  toolName: "refund",
  callKey: "call_1:abc",
  mode: "enforce",
  decision: "allow",
  sideEffect: "executed",
  retrySafe: false,
  message: "done",
  reason: "ok",
  auditLogId: "a",
  correlationId: "c",
  approvalRequestId: null,
  matchedPolicyId: null,
  wait: null,
  resume: null,
  error: null,
  status: "executed",
  via: "guard",
  ranAlthough: null,
} as const;

const roundTrip = (record: GuardRecord) => decodeGuardRecord(encodeGuardRecord(record));

describe("encodeGuardRecord / decodeGuardRecord", () => {
  it("round-trips every in-flight record as it is", () => {
    const records: GuardRecord[] = [
      { state: "evaluating", revision: "r1", toolName: "refund", owner: "o", leaseUntil: 5 },
      { state: "executing", revision: "r2", toolName: "refund", owner: "o", leaseUntil: 5, evaluation: null },
      {
        state: "awaiting_approval",
        revision: "r3",
        toolName: "refund",
        tool: "internal_api",
        evaluation: {
          decision: "require_approval",
          approvalRequestId: "ap",
          reason: "Policy 'Refunds' matched",
          matchedPolicyId: null,
          auditLogId: "a",
          correlationId: "c",
        },
      },
    ];
    for (const record of records) expect(roundTrip(record)).toEqual(record);
  });

  it.each([
    ["a JSON value", { id: 7, tags: ["a"] }, { id: 7, tags: ["a"] }],
    ["undefined", undefined, undefined],
    ["null", null, null],
    ["a BigInt, as the fixed text", 1n, NOT_STORED_RESULT],
  ])("restores an executed result that is %s", (_, result, restored) => {
    const record = roundTrip({
      state: "settled",
      revision: "r",
      outcome: { ...outcome, result } as GuardOutcome,
    });
    expect(record.state === "settled" && (record.outcome as { result: unknown }).result).toEqual(restored);
  });

  it("keeps an error's name and redacted message only", () => {
    const error = Object.assign(
      new Error("Bearer abc.def.ghi failed for agk_0123456789abcdef0123456789abcdef01234567"),
      {
        name: "UpstreamError",
        secret: "x",
      },
    );
    const text = encodeGuardRecord({
      state: "settled",
      revision: "r",
      outcome: { ...outcome, status: "failed", sideEffect: "unknown", error } as GuardOutcome,
    });
    expect(text).not.toContain("agk_0123456789");
    expect(text).not.toContain("stack");
    const record = decodeGuardRecord(text);
    expect(record.state === "settled" && record.outcome.error).toEqual({
      name: "UpstreamError",
      message: expect.stringContaining("failed for"),
    });
    expect(record.state === "settled" && "result" in record.outcome).toBe(false);
  });

  it("stores a thrown non-error as its type and text", () => {
    const text = encodeGuardRecord({
      state: "settled",
      revision: "r",
      outcome: { ...outcome, status: "failed", sideEffect: "unknown", error: "boom" } as GuardOutcome,
    });
    const record = decodeGuardRecord(text);
    expect(record.state === "settled" && record.outcome.error).toEqual({ name: "string", message: "boom" });
  });

  it("refuses text it did not write", () => {
    expect(() => decodeGuardRecord("{")).toThrow();
    expect(() => decodeGuardRecord(JSON.stringify({ state: "done", revision: "r" }))).toThrow(TypeError);
    expect(() => decodeGuardRecord(JSON.stringify({ state: "settled", revision: "r" }))).toThrow(TypeError);
    expect(() => decodeGuardRecord("null")).toThrow(TypeError);
  });
});
