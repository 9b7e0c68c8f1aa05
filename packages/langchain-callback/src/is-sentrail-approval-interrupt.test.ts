import type { GuardApprovalHandle } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { createSentrailApprovalInterrupt } from "./create-sentrail-approval-interrupt";
import { isSentrailApprovalInterrupt } from "./is-sentrail-approval-interrupt";

const DIGEST = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const handle: GuardApprovalHandle = {
  type: "sentrail.guard.approval",
  version: 1,
  toolName: "refund_invoice",
  callKey: `call_1:${DIGEST}`,
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

describe("isSentrailApprovalInterrupt / createSentrailApprovalInterrupt", () => {
  it("builds a JSON interrupt value with Sentrail's reason and ids, recognised also after a round trip", () => {
    const value = createSentrailApprovalInterrupt(handle, {
      name: "refund_invoice",
      args: { invoiceId: "in_1" },
      id: "call_1",
    });
    expect(value).toEqual({
      type: "sentrail_approval",
      toolName: "refund_invoice",
      toolCallId: "call_1",
      args: { invoiceId: "in_1" },
      reason: "Policy 'Approve refunds' matched",
      approvalRequestId: "ar1",
      correlationId: "c1",
      auditLogId: "a1",
      handle,
    });
    expect(isSentrailApprovalInterrupt(JSON.parse(JSON.stringify(value)))).toBe(true);
  });

  it("does not take humanInTheLoopMiddleware's or a tool's own interrupt values for Sentrail's", () => {
    expect(isSentrailApprovalInterrupt({ actionRequests: [], reviewConfigs: [] })).toBe(false);
    expect(isSentrailApprovalInterrupt({ question: "Ship it?" })).toBe(false);
    expect(
      isSentrailApprovalInterrupt({ type: "sentrail_approval", toolName: "x", approvalRequestId: "a" }),
    ).toBe(false);
    expect(isSentrailApprovalInterrupt(null)).toBe(false);
  });
});
