import type { EvaluateActionResult, SentrailClient } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { createSentrailGate } from "./create-sentrail-gate";

function stubClient(decision: EvaluateActionResult["decision"] = "allow") {
  const evaluateAction = vi.fn(
    async (): Promise<EvaluateActionResult> =>
      decision === "require_approval"
        ? {
            decision,
            reason: "Policy 'p' matched",
            matchedPolicyId: "p",
            approvalRequestId: "r",
            auditLogId: "a",
            correlationId: "c",
          }
        : {
            decision,
            reason: `Policy '${decision}' matched`,
            matchedPolicyId: "p",
            auditLogId: "a",
            correlationId: "c",
          },
  );
  const waitForApproval = vi.fn() as unknown as SentrailClient["waitForApproval"];
  return { evaluateAction, waitForApproval };
}
const options = (toolCallId: string) => ({ toolCallId, messages: [] });
type ToolModelOutput = (options: { toolCallId: string; input: unknown; output: unknown }) => unknown;

describe("gated tools (wrapSentrailTool through a gate)", () => {
  it("returns tools without execute as the same object, and copies the others", () => {
    const clientTool = { description: "answered by the UI", inputSchema: {} };
    const serverTool = { description: "runs here", inputSchema: {}, execute: async () => 1 };
    const gated = createSentrailGate({ client: stubClient() }).tools({ clientTool, serverTool });
    expect(gated.clientTool).toBe(clientTool);
    expect(gated.serverTool).not.toBe(serverTool);
    expect(gated.serverTool.description).toBe("runs here");
    expect(serverTool.execute).toBeTypeOf("function");
  });

  it("passes the input and the execution options through, with the guard's abort signal", async () => {
    const execute = vi.fn(async (_input: unknown, _options: unknown) => "ok");
    const { tool } = createSentrailGate({ client: stubClient() }).tools({ tool: { execute } });
    await tool.execute({ q: 1 }, { toolCallId: "t1", messages: [], experimental_context: { user: "u" } });
    expect(execute).toHaveBeenCalledWith(
      { q: 1 },
      expect.objectContaining({
        toolCallId: "t1",
        experimental_context: { user: "u" },
        abortSignal: expect.any(AbortSignal),
      }),
    );
  });

  it("drains a streaming execute inside the guard and answers with its last value", async () => {
    const steps: string[] = [];
    const { tool } = createSentrailGate({ client: stubClient() }).tools({
      tool: {
        async *execute(_input: unknown, _options: unknown) {
          steps.push("start");
          yield { progress: 50 };
          yield { progress: 100, done: true };
          steps.push("end");
        },
      },
    });
    expect(await tool.execute({}, options("t1"))).toEqual({ progress: 100, done: true });
    expect(steps).toEqual(["start", "end"]);
  });

  it("keeps the tool's toModelOutput for its own results and sends Sentrail's result as JSON", async () => {
    const toModelOutput = vi.fn<ToolModelOutput>(({ output }) => ({ type: "text", value: String(output) }));
    const tools = { tool: { execute: async (_input: unknown, _options: unknown) => 42, toModelOutput } };
    const allowed = createSentrailGate({ client: stubClient("allow") }).tools(tools).tool;
    expect(
      allowed.toModelOutput({ toolCallId: "t", input: {}, output: await allowed.execute({}, options("t")) }),
    ).toEqual({
      type: "text",
      value: "42",
    });
    const blocked = createSentrailGate({ client: stubClient("block") }).tools(tools).tool;
    const output = await blocked.execute({}, options("t"));
    expect(blocked.toModelOutput({ toolCallId: "t", input: {}, output })).toEqual({
      type: "json",
      value: output,
    });
    expect(toModelOutput).toHaveBeenCalledTimes(1);
  });

  it("sets needsApproval only in native mode, and not for shadow tools", () => {
    const tools = { a: { execute: async () => 1 }, b: { execute: async () => 2 } };
    const client = stubClient();
    expect(createSentrailGate({ client }).tools(tools).a).not.toHaveProperty("needsApproval");
    const native = createSentrailGate({ client, approval: "native", tools: { b: { mode: "shadow" } } }).tools(
      tools,
    );
    expect(native.a).toHaveProperty("needsApproval");
    expect(native.b).not.toHaveProperty("needsApproval");
  });

  it("asks Sentrail once in native mode: the parked allow is used by execute", async () => {
    const client = stubClient("allow");
    const { tool } = createSentrailGate({ client, approval: "native" }).tools({
      tool: { execute: async (_input: unknown, _options: unknown) => "ran" },
    });
    const needsApproval = (
      tool as unknown as { needsApproval: (input: unknown, options: unknown) => Promise<boolean> }
    ).needsApproval;
    expect(await needsApproval({ q: 1 }, options("t1"))).toBe(false);
    expect(await tool.execute({ q: 1 }, options("t1"))).toBe("ran");
    expect(client.evaluateAction).toHaveBeenCalledTimes(1);
  });

  it("does not let a parked allow cover other arguments under the same tool-call id", async () => {
    const client = stubClient("allow");
    const { tool } = createSentrailGate({ client, approval: "native" }).tools({
      tool: { execute: async (_input: unknown, _options: unknown) => "ran" },
    });
    const needsApproval = (
      tool as unknown as { needsApproval: (input: unknown, options: unknown) => Promise<boolean> }
    ).needsApproval;
    await needsApproval({ amount: 1 }, options("t1"));
    await tool.execute({ amount: 1000 }, options("t1"));
    expect(client.evaluateAction).toHaveBeenCalledTimes(2);
  });
});
