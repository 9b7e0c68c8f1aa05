import { stepCountIs, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createScriptedModel } from "./create-scripted-model";
import { setupSentrailTestBed } from "./setup-sentrail-test-bed";

const bed = setupSentrailTestBed();

type StreamPart = { type: string; toolCallId?: string; output?: unknown; error?: unknown };

async function collect(stream: AsyncIterable<unknown>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part as StreamPart);
  return parts;
}

const resultOf = (parts: StreamPart[], toolCallId: string) =>
  parts.find(
    (part) => (part.type === "tool-result" || part.type === "tool-error") && part.toolCallId === toolCallId,
  );

describe("streamText with gated tools", () => {
  it("streams a result for each parallel call: allowed, blocked and approved, and finishes the loop", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      {
        toolCalls: [
          { toolCallId: "a", toolName: "lookup_order", input: { orderId: "o_1" } },
          { toolCallId: "b", toolName: "delete_account", input: { userId: "u_1" } },
          { toolCallId: "c", toolName: "refund_order", input: { orderId: "o_1", amount: 5 } },
        ],
      },
      { text: "All handled." },
    ]);
    const result = streamText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    const collecting = collect(result.fullStream);
    const [approvalRequestId] = await waiting(1);
    await bed.approve(approvalRequestId!);
    const parts = await collecting;
    expect(resultOf(parts, "a")).toMatchObject({
      type: "tool-result",
      output: { orderId: "o_1", status: "shipped" },
    });
    expect(resultOf(parts, "b")).toMatchObject({
      type: "tool-result",
      output: { executed: false, status: "blocked" },
    });
    expect(resultOf(parts, "c")).toMatchObject({
      type: "tool-result",
      output: { refunded: "o_1", amount: 5 },
    });
    expect(await result.text).toBe("All handled.");
    expect(shop.deleteAccount).not.toHaveBeenCalled();
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
  });

  it("streams a kill_switch result when the switch goes on during the wait", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      { toolCalls: [{ toolCallId: "c", toolName: "refund_order", input: { orderId: "o_1", amount: 5 } }] },
    ]);
    const result = streamText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    const collecting = collect(result.fullStream);
    await waiting(1);
    await bed.enableKillSwitch();
    expect(resultOf(await collecting, "c")).toMatchObject({
      output: { status: "kill_switch", retrySafe: false },
    });
    expect(shop.refundOrder).not.toHaveBeenCalled();
  });

  it("streams the SDK's approval request in native mode without waiting", async () => {
    const { gate } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      { toolCalls: [{ toolCallId: "c", toolName: "refund_order", input: { orderId: "o_1", amount: 5 } }] },
    ]);
    const result = streamText({ model, tools: gate.tools(shop.tools), prompt: "?" });
    const parts = await collect(result.fullStream);
    expect(parts.filter((part) => part.type === "tool-approval-request")).toHaveLength(1);
    expect(resultOf(parts, "c")).toBeUndefined();
    expect(gate.approvalFor("c")?.approvalRequestId).toBe(
      bed.sentrail.control.state().approvalRequests[0]?.id,
    );
  });

  it("streams a tool-error with the outcome when notExecuted is 'throw'", async () => {
    const { gate } = bed.createGate({ tools: { delete_account: { notExecuted: "throw" } } });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      { toolCalls: [{ toolCallId: "b", toolName: "delete_account", input: { userId: "u_1" } }] },
    ]);
    const result = streamText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(2),
      prompt: "?",
    });
    const part = resultOf(await collect(result.fullStream), "b");
    expect(part).toMatchObject({
      type: "tool-error",
      error: { name: "SentrailGuardError", outcome: { status: "blocked" } },
    });
  });
});
