import type { EvaluateActionResult } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { createSentrailGate } from "./create-sentrail-gate";

const requireApproval: EvaluateActionResult = {
  decision: "require_approval",
  reason: "Policy 'Approve refunds' matched",
  matchedPolicyId: "p",
  approvalRequestId: "approval-1",
  auditLogId: "a",
  correlationId: "corr-1",
};

function client(result: EvaluateActionResult = requireApproval) {
  return { evaluateAction: vi.fn(async () => result), waitForApproval: vi.fn() } as never;
}

describe("createSentrailGate", () => {
  it("refuses a client without evaluateAction and waitForApproval", () => {
    expect(() => createSentrailGate({ client: {} as never })).toThrow(TypeError);
  });

  it("answers the v7 toolApproval with Sentrail's reason and approval id for a native tool", async () => {
    const gate = createSentrailGate({ client: client(), approval: "native" });
    gate.tools({ refund: { execute: async () => 1 } });
    const status = await gate.toolApproval({
      toolCall: { toolName: "refund", toolCallId: "c1", input: { id: 1 } },
    });
    expect(status).toEqual({
      type: "user-approval",
      reason: "Policy 'Approve refunds' matched (Sentrail approval approval-1)",
    });
    expect(gate.approvalFor("c1")).toEqual({
      toolName: "refund",
      toolCallId: "c1",
      approvalRequestId: "approval-1",
      correlationId: "corr-1",
      reason: "Policy 'Approve refunds' matched",
    });
  });

  it("answers the v7 toolApproval with a tool's own needsApproval for tools it does not gate natively", async () => {
    const evaluating = client();
    const gate = createSentrailGate({ client: evaluating });
    const own = vi.fn(async (input: unknown) => (input as { big: boolean }).big);
    const tools = gate.tools({
      pay: { execute: async () => 1, needsApproval: own },
      note: { needsApproval: true },
    });
    const ask = (toolName: string, input: unknown) =>
      gate.toolApproval({ toolCall: { toolName, toolCallId: "c", input }, tools, messages: [] });
    expect(await ask("pay", { big: true })).toEqual({ type: "user-approval" });
    expect(await ask("pay", { big: false })).toBeUndefined();
    expect(await ask("note", {})).toEqual({ type: "user-approval" });
    expect(await ask("unknown", {})).toBeUndefined();
    expect((evaluating as { evaluateAction: () => unknown }).evaluateAction).not.toHaveBeenCalled();
  });

  it("knows which Sentrail tool a gated tool is evaluated as", () => {
    const gate = createSentrailGate({
      client: client(),
      tools: { create_issue: { evaluation: { tool: "github", riskLevel: "medium" } } },
    });
    gate.tools({ create_issue: { execute: async () => 1 }, lookup: { execute: async () => 2 }, ui: {} });
    expect(gate.sentrailToolOf("create_issue")).toBe("github");
    expect(gate.sentrailToolOf("lookup")).toBe("internal_api");
    expect(gate.sentrailToolOf("ui")).toBeUndefined();
  });
});
