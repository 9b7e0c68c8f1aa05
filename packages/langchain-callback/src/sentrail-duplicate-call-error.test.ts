import { type GuardOutcome, SentrailError, SentrailGuardError } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { SentrailDuplicateCallError } from "./sentrail-duplicate-call-error";

const outcome = {
  status: "executed",
  sideEffect: "executed",
  result: "refunded",
  toolName: "refund_invoice",
  correlationId: "c1",
} as Extract<GuardOutcome, { status: "executed" }>;

describe("SentrailDuplicateCallError", () => {
  it("is a Sentrail error with code not_executed, the earlier outcome and its correlation id", () => {
    const error = new SentrailDuplicateCallError(outcome);
    expect(SentrailError.isInstance(error)).toBe(true);
    expect(SentrailDuplicateCallError.isInstance(error)).toBe(true);
    expect(SentrailGuardError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({
      code: "not_executed",
      correlationId: "c1",
      name: "SentrailDuplicateCallError",
    });
    expect(error.outcome.result).toBe("refunded");
    expect(error.message).toContain("already ran once");
  });
});
