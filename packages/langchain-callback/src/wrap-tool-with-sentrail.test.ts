import { tool } from "@langchain/core/tools";
import type { EvaluateActionResult } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { wrapToolWithSentrail } from "./wrap-tool-with-sentrail";

const allow: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Writes are fine' matched",
  matchedPolicyId: "p1",
  auditLogId: "a1",
  correlationId: "c1",
};
const client = () => ({ evaluateAction: vi.fn(async () => allow), waitForApproval: vi.fn() });

describe("wrapToolWithSentrail", () => {
  it("tells the model a call that threw may have partly happened, without the tool's error text", async () => {
    const failing = tool(
      async () => {
        throw new Error("connection reset by db-prod-7");
      },
      { name: "write_row", description: "Write a row", schema: z.object({ id: z.number() }) },
    );
    const wrapped = wrapToolWithSentrail(failing, { client: client() });
    const text = String(await wrapped.invoke({ id: 1 }));
    expect(JSON.parse(text)).toMatchObject({ executed: false, status: "failed", sideEffect: "unknown" });
    expect(text).not.toContain("db-prod-7");
  });

  it("passes the caller's tool call through, so the original formats its own ToolMessage", async () => {
    const echo = tool(async ({ text }) => `echo ${text}`, {
      name: "echo",
      description: "Echo",
      schema: z.object({ text: z.string() }),
    });
    const evaluate = client();
    const wrapped = wrapToolWithSentrail(echo, { client: evaluate });
    const message = await wrapped.invoke({
      name: "echo",
      args: { text: "hi" },
      id: "call_3",
      type: "tool_call",
    });
    expect(message).toMatchObject({ content: "echo hi", tool_call_id: "call_3", name: "echo" });
    expect(evaluate.evaluateAction).toHaveBeenCalledWith(
      expect.objectContaining({ action: "echo", payload: { text: "hi" } }),
      expect.anything(),
    );
  });
});
