import { describe, expect, it } from "vitest";
import { toSentrailRunMetadata } from "./to-sentrail-run-metadata";

describe("toSentrailRunMetadata", () => {
  it("gives flat sentrail_* keys for an allowed call, without empty ids", () => {
    expect(
      toSentrailRunMetadata({
        decision: "allow",
        correlationId: "c-1",
        auditLogId: "a-1",
        matchedPolicyId: null,
      }),
    ).toEqual({ sentrail_decision: "allow", sentrail_correlation_id: "c-1", sentrail_audit_log_id: "a-1" });
  });

  it("adds the approval and policy ids when there are some", () => {
    expect(
      toSentrailRunMetadata({
        decision: "require_approval",
        correlationId: "c-2",
        auditLogId: "a-2",
        approvalRequestId: "r-2",
        matchedPolicyId: "p-2",
      }),
    ).toEqual({
      sentrail_decision: "require_approval",
      sentrail_correlation_id: "c-2",
      sentrail_audit_log_id: "a-2",
      sentrail_approval_request_id: "r-2",
      sentrail_matched_policy_id: "p-2",
    });
  });

  it("gives nothing when no decision arrived (failing open, shadow mode)", () => {
    expect(toSentrailRunMetadata(null)).toBeUndefined();
    expect(
      toSentrailRunMetadata({ decision: null, correlationId: null, auditLogId: null, matchedPolicyId: null }),
    ).toBeUndefined();
  });
});
