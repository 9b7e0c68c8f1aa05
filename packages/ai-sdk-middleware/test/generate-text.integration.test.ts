import { type GuardOutcome, SentrailGuardError } from "@sentrail/client";
import { generateText, stepCountIs, ToolLoopAgent } from "ai";
import { describe, expect, it, vi } from "vitest";
import { isSentrailToolNotExecuted } from "../src/to-ai-sdk-tool-answer";
import { withSentrail } from "../src/with-sentrail";
import { createScriptedModel } from "./create-scripted-model";
import { API_KEY, setupSentrailTestBed } from "./setup-sentrail-test-bed";

const bed = setupSentrailTestBed();

/** The tool results of every step, by tool-call id. */
function toolOutputs(result: { steps: ReadonlyArray<{ content: ReadonlyArray<unknown> }> }) {
  const outputs = new Map<string, unknown>();
  for (const step of result.steps) {
    for (const part of step.content as Array<{
      type: string;
      toolCallId?: string;
      output?: unknown;
      error?: unknown;
    }>) {
      if (part.type === "tool-result") outputs.set(part.toolCallId!, part.output);
      if (part.type === "tool-error") outputs.set(part.toolCallId!, { toolError: part.error });
    }
  }
  return outputs;
}

/** Every tool call of every step has exactly one result or error: nothing is left dangling. */
function expectNoDanglingToolCalls(result: { steps: ReadonlyArray<{ content: ReadonlyArray<unknown> }> }) {
  const calls = result.steps.flatMap((step) =>
    (step.content as Array<{ type: string; toolCallId?: string }>).filter(
      (part) => part.type === "tool-call",
    ),
  );
  const outputs = toolOutputs(result);
  for (const call of calls) expect(outputs.has(call.toolCallId!), `result for ${call.toolCallId}`).toBe(true);
}

const call = (toolCallId: string, toolName: string, input: unknown) => ({
  toolCalls: [{ toolCallId, toolName, input }],
});

describe("generateText with gated tools", () => {
  it("runs an allowed call once and hands the model the tool's real result", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      call("c1", "lookup_order", { orderId: "o_1" }),
      { text: "Shipped." },
    ]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Where is o_1?",
    });
    expect(shop.lookupOrder).toHaveBeenCalledTimes(1);
    expect(toolOutputs(result).get("c1")).toEqual({ orderId: "o_1", status: "shipped" });
    expect(result.text).toBe("Shipped.");
    expect(bed.evaluationRows()).toMatchObject([{ action: "lookup_order", decision: "allow" }]);
  });

  it("does not run a blocked call; the model reads why and that a retry is pointless, and the loop goes on", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const { model, calls } = createScriptedModel([
      call("c1", "delete_account", { userId: "u_1" }),
      { text: "I cannot delete it." },
    ]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Delete u_1",
    });
    expect(shop.deleteAccount).not.toHaveBeenCalled();
    const output = toolOutputs(result).get("c1");
    expect(output).toMatchObject({
      executed: false,
      status: "blocked",
      sideEffect: "not_started",
      retrySafe: false,
      reason: "Policy 'No deletes' matched",
    });
    expect(isSentrailToolNotExecuted(output)).toBe(true);
    expect(result.text).toBe("I cannot delete it.");
    // The second model call saw the structured result as the tool's output.
    expect(JSON.stringify(calls[1]?.prompt)).toContain("blocked by Sentrail policy");
  });

  it("waits for a reviewer and runs an approved call once", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "refund_order", { orderId: "o_1", amount: 40 })]);
    const running = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Refund",
    });
    const [approvalRequestId] = await waiting(1);
    expect(shop.refundOrder).not.toHaveBeenCalled();
    await bed.approve(approvalRequestId!);
    const result = await running;
    expect(toolOutputs(result).get("c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
  });

  it("does not run a denied call; the model reads that a person refused it", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "refund_order", { orderId: "o_1", amount: 40 })]);
    const running = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Refund",
    });
    const [approvalRequestId] = await waiting(1);
    await bed.deny(approvalRequestId!);
    const output = toolOutputs(await running).get("c1");
    expect(output).toMatchObject({ executed: false, status: "denied", retrySafe: false, approvalRequestId });
    expect(shop.refundOrder).not.toHaveBeenCalled();
  });

  it("does not run a call whose approval expires; a new call may ask again", async () => {
    const { gate, waiting } = bed.createGate({ approvalTimeoutMs: 48 * 3_600_000 });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "refund_order", { orderId: "o_1", amount: 40 })]);
    const running = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Refund",
    });
    await waiting(1);
    bed.sentrail.control.clock({ advanceMs: 25 * 3_600_000 });
    expect(toolOutputs(await running).get("c1")).toMatchObject({ status: "expired", retrySafe: true });
    expect(shop.refundOrder).not.toHaveBeenCalled();
  });

  it("ends a wait when the kill switch is enabled and runs nothing", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "refund_order", { orderId: "o_1", amount: 40 })]);
    const running = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Refund",
    });
    await waiting(1);
    await bed.enableKillSwitch();
    expect(toolOutputs(await running).get("c1")).toMatchObject({
      executed: false,
      status: "kill_switch",
      reason: "Kill switch is active",
    });
    expect(shop.refundOrder).not.toHaveBeenCalled();
  });

  it("fails closed when Sentrail is down: the tool does not run and the model reads that a retry is safe", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    bed.sentrail.control.faults({ endpoint: "evaluate-action", networkError: true });
    const { model } = createScriptedModel([call("c1", "lookup_order", { orderId: "o_1" })]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    expect(toolOutputs(result).get("c1")).toMatchObject({
      executed: false,
      status: "unavailable",
      retrySafe: true,
    });
    expect(shop.lookupOrder).not.toHaveBeenCalled();
  });

  it("fails open for a tool that asks for it, and reports the failure", async () => {
    const settled: GuardOutcome[] = [];
    const { gate } = bed.createGate({
      tools: { lookup_order: { failMode: "open" } },
      onSettled: (outcome) => settled.push(outcome),
    });
    const shop = bed.createShopTools();
    bed.sentrail.control.faults({ endpoint: "evaluate-action", status: 503 });
    const { model } = createScriptedModel([call("c1", "lookup_order", { orderId: "o_1" })]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    expect(toolOutputs(result).get("c1")).toEqual({ orderId: "o_1", status: "shipped" });
    expect(settled).toMatchObject([{ status: "executed", ranAlthough: "unavailable" }]);
  });

  it("in shadow mode runs a call Sentrail would block, and reports what it would have done", async () => {
    const settled: GuardOutcome[] = [];
    const { gate } = bed.createGate({ mode: "shadow", onSettled: (outcome) => settled.push(outcome) });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "delete_account", { userId: "u_1" })]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    expect(toolOutputs(result).get("c1")).toEqual({ deleted: "u_1" });
    expect(settled).toMatchObject([{ status: "executed", mode: "shadow", ranAlthough: "block" }]);
    expect(bed.evaluationRows()).toMatchObject([{ decision: "block" }]);
  });

  it("gives each of several parallel tool calls in one step its own result, with no dangling call", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      {
        toolCalls: [
          { toolCallId: "a", toolName: "lookup_order", input: { orderId: "o_1" } },
          { toolCallId: "b", toolName: "delete_account", input: { userId: "u_1" } },
          { toolCallId: "c", toolName: "refund_order", input: { orderId: "o_1", amount: 5 } },
          { toolCallId: "d", toolName: "refund_order", input: { orderId: "o_2", amount: 500 } },
        ],
      },
      { text: "Done." },
    ]);
    const running = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    const [first, second] = await waiting(2);
    const approvals = bed.sentrail.control.state().approvalRequests;
    const small = approvals.find((row) => (row.payload as { amount?: number }).amount === 5)!;
    await bed.approve(small.id);
    await bed.deny([first, second].find((id) => id !== small.id)!);
    const result = await running;
    const outputs = toolOutputs(result);
    expect(outputs.get("a")).toEqual({ orderId: "o_1", status: "shipped" });
    expect(outputs.get("b")).toMatchObject({ status: "blocked" });
    expect(outputs.get("c")).toEqual({ refunded: "o_1", amount: 5 });
    expect(outputs.get("d")).toMatchObject({ status: "denied" });
    expectNoDanglingToolCalls(result);
    expect(shop.refundOrder.mock.calls).toEqual([[{ orderId: "o_1", amount: 5 }]]);
    expect(bed.evaluationRows()).toHaveLength(4);
    expect(result.text).toBe("Done.");
  });

  it("stops waiting when the caller aborts: generateText rejects, nothing runs, the approval stays open", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const controller = new AbortController();
    const { model } = createScriptedModel([call("c1", "refund_order", { orderId: "o_1", amount: 40 })]);
    const running = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Refund",
      abortSignal: controller.signal,
    });
    await waiting(1);
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
    expect(shop.refundOrder).not.toHaveBeenCalled();
    expect(bed.sentrail.control.state().approvalRequests).toMatchObject([{ status: "pending" }]);
  });

  it("executes a tool call replayed with the same id once, and answers the replay with the same result", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    // Two loops (e.g. a retried request) in which the model produced the same tool call.
    const first = await generateText({
      model: createScriptedModel([call("same-id", "lookup_order", { orderId: "o_1" })]).model,
      tools,
      prompt: "?",
    });
    const second = await generateText({
      model: createScriptedModel([call("same-id", "lookup_order", { orderId: "o_1" })]).model,
      tools,
      prompt: "?",
    });
    expect(shop.lookupOrder).toHaveBeenCalledTimes(1);
    expect(toolOutputs(second).get("same-id")).toEqual(toolOutputs(first).get("same-id"));
    expect(bed.evaluationRows()).toHaveLength(1);
  });

  it("throws into the loop instead when the developer asks for it (notExecuted: 'throw')", async () => {
    const { gate } = bed.createGate({ notExecuted: "throw" });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "delete_account", { userId: "u_1" })]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    const { toolError } = toolOutputs(result).get("c1") as { toolError: unknown };
    expect(SentrailGuardError.isInstance(toolError)).toBe(true);
    expect((toolError as SentrailGuardError).outcome).toMatchObject({ status: "blocked" });
    expect(shop.deleteAccount).not.toHaveBeenCalled();
  });

  it("lets a tool's own error reach the loop as a tool-error, as without Sentrail, and never runs it again", async () => {
    const { gate } = bed.createGate();
    const failing = vi.fn(async () => {
      throw new Error("carrier API down");
    });
    const tools = gate.tools({
      lookup_order: { ...bed.createShopTools().tools.lookup_order, execute: failing },
    });
    const run = () =>
      generateText({
        model: createScriptedModel([call("c1", "lookup_order", { orderId: "o_1" })]).model,
        tools,
        prompt: "?",
      });
    const first = toolOutputs(await run()).get("c1") as { toolError: Error };
    expect(first.toolError.message).toBe("carrier API down");
    const replay = toolOutputs(await run()).get("c1") as { toolError: Error };
    expect(replay.toolError).toBe(first.toolError);
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it("gates the tools of a ToolLoopAgent the same way", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const agent = new ToolLoopAgent({
      model: createScriptedModel([
        call("c1", "lookup_order", { orderId: "o_1" }),
        call("c2", "delete_account", { userId: "u_1" }),
        { text: "Looked up; deletion refused." },
      ]).model,
      tools: gate.tools(shop.tools),
    });
    const result = await agent.generate({ prompt: "?" });
    expect(toolOutputs(result).get("c1")).toEqual({ orderId: "o_1", status: "shipped" });
    expect(toolOutputs(result).get("c2")).toMatchObject({ executed: false, status: "blocked" });
    expect(result.text).toBe("Looked up; deletion refused.");
    expect(shop.deleteAccount).not.toHaveBeenCalled();
  });

  it("passes tools without execute through untouched, and works through withSentrail in one line", async () => {
    const shop = bed.createShopTools();
    const tools = withSentrail(shop.tools, { client: bed.client() });
    expect(tools.ask_user).toBe(shop.tools.ask_user);
    expect(tools.lookup_order).not.toBe(shop.tools.lookup_order);
    const { model } = createScriptedModel([call("c1", "lookup_order", { orderId: "o_9" })]);
    const result = await generateText({ model, tools, prompt: "?" });
    expect(toolOutputs(result).get("c1")).toEqual({ orderId: "o_9", status: "shipped" });
  });

  it("never puts the API key into what the model or the developer sees", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    bed.sentrail.control.faults({
      endpoint: "evaluate-action",
      status: 500,
      body: { ok: false, error: `bad ${API_KEY}` },
    });
    const onStepFinish = vi.fn();
    const { model } = createScriptedModel([call("c1", "lookup_order", { orderId: "o_1" })]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
      onStepFinish,
    });
    expect(JSON.stringify(result.steps.map((step) => step.content))).not.toContain(API_KEY);
    expect(JSON.stringify(toolOutputs(result).get("c1"))).toContain("unavailable");
  });
});
