import type { EvaluateActionResult } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { createSentrailGate } from "./create-sentrail-gate";
import { withSentrail } from "./with-sentrail";

const allow: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'ok' matched",
  matchedPolicyId: "p",
  auditLogId: "a",
  correlationId: "c",
};

describe("withSentrail", () => {
  it("shares call records between per-request calls with the same client: a replayed call runs once", async () => {
    const client = { evaluateAction: vi.fn(async () => allow), waitForApproval: vi.fn() } as never;
    const execute = vi.fn(async (_input: unknown, _options: unknown) => "ran");
    const first = withSentrail({ tool: { execute } }, { client });
    const second = withSentrail({ tool: { execute } }, { client });
    expect(await first.tool.execute({}, { toolCallId: "t1", messages: [] })).toBe("ran");
    expect(await second.tool.execute({}, { toolCallId: "t1", messages: [] })).toBe("ran");
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it("uses a given gate, so its kill-switch view and approvals cover these tools", () => {
    const gate = createSentrailGate({
      client: { evaluateAction: vi.fn(), waitForApproval: vi.fn() } as never,
    });
    withSentrail({ lookup: { execute: async () => 1 } }, { gate });
    expect(gate.sentrailToolOf("lookup")).toBe("internal_api");
  });
});
