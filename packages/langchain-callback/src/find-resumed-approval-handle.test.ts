import type { GuardApprovalHandle } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { findResumedApprovalHandle } from "./find-resumed-approval-handle";

const DIGEST = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const handle: GuardApprovalHandle = {
  type: "sentrail.guard.approval",
  version: 1,
  toolName: "refund_invoice",
  callKey: `thread%3At1/call_1:${DIGEST}`,
  argumentsDigest: DIGEST,
  tool: "internal_api",
  replay: "self",
  evaluation: {
    decision: "require_approval",
    approvalRequestId: "ar1",
    reason: "Policy 'Approve refunds' matched",
    matchedPolicyId: "p1",
    auditLogId: "a1",
    correlationId: "c1",
  },
};
const call = {
  toolName: "refund_invoice",
  input: { invoiceId: "in_1" },
  toolCallId: "call_1",
  scope: "thread:t1",
};

describe("findResumedApprovalHandle", () => {
  it("finds the handle itself or inside the interrupt value, for exactly this call", () => {
    expect(findResumedApprovalHandle([handle], call)).toBe(handle);
    expect(findResumedApprovalHandle(["other", { type: "sentrail_approval", handle }], call)).toBe(handle);
  });

  it("ignores handles of another call, thread or tool, and calls without an id", () => {
    expect(findResumedApprovalHandle([handle], { ...call, toolCallId: "call_2" })).toBeUndefined();
    expect(findResumedApprovalHandle([handle], { ...call, scope: "thread:t2" })).toBeUndefined();
    expect(findResumedApprovalHandle([handle], { ...call, toolName: "delete_repo" })).toBeUndefined();
    const { toolCallId: _, ...anonymous } = call;
    expect(findResumedApprovalHandle([handle], anonymous)).toBeUndefined();
    expect(findResumedApprovalHandle(["yes", { handle: { type: "x" } }], call)).toBeUndefined();
  });
});
