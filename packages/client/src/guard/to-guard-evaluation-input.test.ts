import { describe, expect, it } from "vitest";
import { toGuardEvaluationInput } from "./to-guard-evaluation-input";

describe("toGuardEvaluationInput", () => {
  it("defaults to internal_api, the tool name as action, the inferred risk and the input as payload", () => {
    expect(toGuardEvaluationInput({ toolName: "remove_user", input: { id: 1 } }, undefined, "bot")).toEqual({
      tool: "internal_api",
      action: "remove_user",
      riskLevel: "high",
      payload: { id: 1 },
      agentId: "bot",
    });
  });

  it("wraps an input that is not a plain object, and leaves out a missing one", () => {
    expect(toGuardEvaluationInput({ toolName: "echo", input: [1, 2] }, undefined, undefined).payload).toEqual(
      {
        input: [1, 2],
      },
    );
    expect(
      toGuardEvaluationInput({ toolName: "echo", input: new Date(0) }, undefined, undefined).payload,
    ).toEqual({
      input: new Date(0),
    });
    expect(toGuardEvaluationInput({ toolName: "echo" }, undefined, undefined)).not.toHaveProperty("payload");
  });

  it("lets a mapping override fields, or remove them with undefined", () => {
    const mapped = toGuardEvaluationInput(
      { toolName: "refund", input: { id: "in_1", card: "4242" }, agentId: "billing" },
      (call) => ({
        riskLevel: "critical",
        resourceId: (call.input as { id: string }).id,
        payload: undefined,
      }),
      "bot",
    );
    expect(mapped).toEqual({
      tool: "internal_api",
      action: "refund",
      riskLevel: "critical",
      resourceId: "in_1",
      agentId: "billing",
    });
  });
});
