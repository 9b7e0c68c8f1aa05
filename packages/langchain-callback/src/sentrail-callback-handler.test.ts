import { AIMessage, type ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { type StructuredToolInterface, tool } from "@langchain/core/tools";
import { MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { createGuard, type EvaluateActionResult, SentrailGuardError } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { SentrailCallbackHandler, type SentrailRunLink } from "./sentrail-callback-handler";
import { SentrailToolNameError } from "./sentrail-tool-name-error";

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

/** One tool call dispatched by a LangGraph ToolNode (where the handler learns the tool's name). */
async function dispatch(
  target: StructuredToolInterface,
  args: Record<string, unknown>,
  config: RunnableConfig,
  id = "call_1",
): Promise<ToolMessage> {
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("tools", new ToolNode([target], { handleToolErrors: false }))
    .addEdge(START, "tools")
    .compile();
  const message = new AIMessage({
    content: "",
    tool_calls: [{ name: target.name, args, id, type: "tool_call" }],
  });
  const result = await graph.invoke({ messages: [message] }, config);
  return result.messages.at(-1) as ToolMessage;
}

describe("SentrailCallbackHandler", () => {
  it("evaluates with the tool's name and its parsed arguments", async () => {
    const client = stubClient("allow");
    const { echo } = recordingTool();
    await dispatch(echo, { text: "hi" }, { callbacks: [new SentrailCallbackHandler({ client })] });
    expect(client.evaluateAction).toHaveBeenCalledWith(
      expect.objectContaining({ tool: "internal_api", action: "echo", payload: { text: "hi" } }),
      expect.anything(),
    );
  });

  it("throws before the tool body runs when the guard refuses", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { echo, runs } = recordingTool();
    const handler = new SentrailCallbackHandler({ guard: createGuard({ client: stubClient("block") }) });
    await expect(dispatch(echo, { text: "hi" }, { callbacks: [handler] })).rejects.toSatisfy((error) =>
      SentrailGuardError.isInstance(error),
    );
    expect(runs).toHaveLength(0);
    vi.restoreAllMocks();
  });

  it("reports a tool's own error as a failed run and rethrows it unchanged", async () => {
    const links: SentrailRunLink[] = [];
    const handler = new SentrailCallbackHandler({
      client: stubClient("allow"),
      onRunLink: (link) => links.push(link),
    });
    const failing = tool(
      async () => {
        throw new Error("disk full");
      },
      { name: "write_file", description: "Write", schema: z.object({}) },
    );
    await expect(dispatch(failing, {}, { callbacks: [handler] }, "call_9")).rejects.toThrow("disk full");
    const runId = links.at(-1)?.runId ?? "";
    expect(handler.getRunLink(runId)).toMatchObject({ status: "failed", toolCallId: "call_9" });
  });

  it("refuses a maxRunLinks that is not a positive integer", () => {
    expect(() => new SentrailCallbackHandler({ client: stubClient("allow"), maxRunLinks: 0 })).toThrow(
      RangeError,
    );
  });

  it("keeps only the most recent run links", async () => {
    const links: SentrailRunLink[] = [];
    const handler = new SentrailCallbackHandler({
      client: stubClient("allow"),
      maxRunLinks: 2,
      onRunLink: (link) => links.push(link),
    });
    const { echo } = recordingTool();
    for (const text of ["a", "b", "c"])
      await dispatch(echo, { text }, { callbacks: [handler] }, `call_${text}`);
    const runIds = [...new Set(links.map((link) => link.runId))];
    expect(handler.getRunLink(runIds[0]!)).toBeUndefined();
    expect(handler.getRunLink(runIds[2]!)).toMatchObject({ status: "executed", toolName: "echo" });
  });

  it("fails closed, without asking Sentrail, for a tool whose own name it cannot learn", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const client = stubClient("allow");
    const { echo, runs } = recordingTool();
    const handler = new SentrailCallbackHandler({ client });
    const error = await echo
      .withConfig({ runName: "Nightly cleanup" })
      .invoke({ text: "hi" }, { callbacks: [handler] })
      .catch((caught: unknown) => caught);
    expect(SentrailToolNameError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ toolClass: "DynamicStructuredTool", runName: "Nightly cleanup" });
    expect(runs).toHaveLength(0);
    expect(client.evaluateAction).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
