import { tool } from "@langchain/core/tools";
import { createGuard, type EvaluateActionResult, SentrailGuardError } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { SentrailCallbackHandler } from "./sentrail-callback-handler";

function stubClient(decision: EvaluateActionResult["decision"]) {
  const evaluation = {
    decision,
    reason: `Policy '${decision}' matched`,
    matchedPolicyId: "p1",
    auditLogId: "a1",
    correlationId: "c1",
    ...(decision === "require_approval" ? { approvalRequestId: "r1" } : {}),
  } as EvaluateActionResult;
  return { evaluateAction: vi.fn(async () => evaluation), waitForApproval: vi.fn() };
}

function recordingTool() {
  const runs: unknown[] = [];
  const echo = tool(
    async (args) => {
      runs.push(args);
      return `echo ${args.text}`;
    },
    { name: "echo", description: "Echo", schema: z.object({ text: z.string() }) },
  );
  return { echo, runs };
}

describe("SentrailCallbackHandler", () => {
  it("evaluates with the tool's name and its parsed arguments", async () => {
    const client = stubClient("allow");
    const { echo } = recordingTool();
    await echo.invoke({ text: "hi" }, { callbacks: [new SentrailCallbackHandler({ client })] });
    expect(client.evaluateAction).toHaveBeenCalledWith(
      expect.objectContaining({ tool: "internal_api", action: "echo", payload: { text: "hi" } }),
      expect.anything(),
    );
  });

  it("throws before the tool body runs when the guard refuses", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { echo, runs } = recordingTool();
    const handler = new SentrailCallbackHandler({ guard: createGuard({ client: stubClient("block") }) });
    await expect(echo.invoke({ text: "hi" }, { callbacks: [handler] })).rejects.toSatisfy((error) =>
      SentrailGuardError.isInstance(error),
    );
    expect(runs).toHaveLength(0);
    vi.restoreAllMocks();
  });

  it("reports a tool's own error as a failed run and rethrows it unchanged", async () => {
    const handler = new SentrailCallbackHandler({ client: stubClient("allow") });
    const failing = tool(
      async () => {
        throw new Error("disk full");
      },
      { name: "write_file", description: "Write", schema: z.object({}) },
    );
    const runId = crypto.randomUUID();
    await expect(
      failing.invoke(
        { name: "write_file", args: {}, id: "call_9", type: "tool_call" },
        { callbacks: [handler], runId },
      ),
    ).rejects.toThrow("disk full");
    expect(handler.getRunLink(runId)).toMatchObject({ status: "failed", toolCallId: "call_9" });
  });

  it("refuses a maxRunLinks that is not a positive integer", () => {
    expect(() => new SentrailCallbackHandler({ client: stubClient("allow"), maxRunLinks: 0 })).toThrow(
      RangeError,
    );
  });

  it("keeps only the most recent run links", async () => {
    const handler = new SentrailCallbackHandler({ client: stubClient("allow"), maxRunLinks: 2 });
    const { echo } = recordingTool();
    const runIds: string[] = [];
    for (const text of ["a", "b", "c"]) {
      const runId = crypto.randomUUID();
      runIds.push(runId);
      await echo.invoke({ text }, { callbacks: [handler], runId });
    }
    expect(handler.getRunLink(runIds[0]!)).toBeUndefined();
    expect(handler.getRunLink(runIds[2]!)).toMatchObject({ status: "executed", toolName: "echo" });
  });
});
