import { generateText, stepCountIs, streamText, wrapLanguageModel } from "ai";
import { describe, expect, it } from "vitest";
import { createSentrailToolFilterMiddleware } from "../src/create-sentrail-tool-filter-middleware";
import { createScriptedModel, type ScriptedCallOptions, type ScriptedTurn } from "./create-scripted-model";
import { setupSentrailTestBed } from "./setup-sentrail-test-bed";

const bed = setupSentrailTestBed();
const ALL = ["lookup_order", "delete_account", "refund_order", "ask_user"];

function filteredModel(
  gate: Parameters<typeof createSentrailToolFilterMiddleware>[0]["gate"],
  turns: Array<ScriptedTurn | ((options: ScriptedCallOptions) => ScriptedTurn)>,
) {
  const scripted = createScriptedModel(turns);
  const hidden: string[][] = [];
  const model = wrapLanguageModel({
    model: scripted.model,
    middleware: createSentrailToolFilterMiddleware({
      gate,
      onHidden: ({ toolNames }) => hidden.push(toolNames),
    }),
  });
  return { model, offeredTools: scripted.offeredTools, hidden };
}

/**
 * A provider that honours the tool choice it receives: it calls the forced tool when it was offered and
 * forced, and otherwise answers in text (it cannot call a tool it was not given).
 */
const honoursToolChoice =
  (toolCallId: string, toolName: string, input: unknown) =>
  (options: ScriptedCallOptions): ScriptedTurn => {
    const offered = (options.tools ?? []).some((tool) => tool.name === toolName);
    const forced = options.toolChoice?.type === "tool" && options.toolChoice.toolName === toolName;
    return offered && forced ? { toolCalls: [{ toolCallId, toolName, input }] } : { text: "No such tool." };
  };

/** Learns the kill switch the way the gate does: one evaluation that Sentrail refuses. */
async function learnKillSwitch(
  gate: Parameters<typeof filteredModel>[0],
  tools: Parameters<typeof generateText>[0]["tools"],
) {
  const { model } = filteredModel(gate, [
    { toolCalls: [{ toolCallId: "learn", toolName: "lookup_order", input: { orderId: "o_1" } }] },
  ]);
  await generateText({ model, tools, prompt: "?" });
  expect((await gate.killSwitch()).global).toBe(true);
}

type StreamPart = { type: string; toolCallId?: string; output?: unknown; error?: unknown };

describe("tool-filter middleware (wrapLanguageModel)", () => {
  it("offers every tool while nothing is known about the kill switch", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const { model, offeredTools } = filteredModel(gate, [{ text: "hi" }]);
    await generateText({ model, tools: gate.tools(shop.tools), prompt: "?" });
    expect(offeredTools()).toEqual([ALL]);
  });

  it("hides the gated tools once an evaluation shows the kill switch on, and keeps the others", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    await bed.enableKillSwitch();
    const { model, offeredTools, hidden } = filteredModel(gate, [
      { toolCalls: [{ toolCallId: "a", toolName: "lookup_order", input: { orderId: "o_1" } }] },
      { text: "Sentrail stopped me." },
    ]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    expect(offeredTools()).toEqual([ALL, ["ask_user"]]);
    expect(hidden).toEqual([["lookup_order", "delete_account", "refund_order"]]);
    expect(result.text).toBe("Sentrail stopped me.");
    expect(shop.lookupOrder).not.toHaveBeenCalled();
  });

  it("hides the gated tools after a wait sees the kill switch go on", async () => {
    const { gate, waiting } = bed.createGate();
    const shop = bed.createShopTools();
    const { model, offeredTools } = filteredModel(gate, [
      { toolCalls: [{ toolCallId: "c", toolName: "refund_order", input: { orderId: "o_1", amount: 5 } }] },
      { text: "Stopped." },
    ]);
    const running = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    await waiting(1);
    await bed.enableKillSwitch();
    await running;
    expect(offeredTools()[1]).toEqual(["ask_user"]);
  });

  it("hides only the tools whose Sentrail tool is paused", async () => {
    const { gate } = bed.createGate({ tools: { lookup_order: { evaluation: { tool: "linear" } } } });
    const shop = bed.createShopTools();
    await bed.pauseTool("internal_api");
    const { model, offeredTools } = filteredModel(gate, [
      { toolCalls: [{ toolCallId: "b", toolName: "delete_account", input: { userId: "u_1" } }] },
      { text: "Paused." },
    ]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "?",
    });
    expect(offeredTools()[1]).toEqual(["lookup_order", "ask_user"]);
    expect(result.steps[0]?.toolResults[0]?.output).toMatchObject({ reason: "Tool internal_api is paused" });
  });

  it("re-checks a stale view with a status poll: hidden while the switch stays on, shown once it is off", async () => {
    let now = 0;
    const { gate, waiting } = bed.createGate({ killSwitchTtlMs: 30_000, now: () => now });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model, offeredTools } = filteredModel(gate, [
      { toolCalls: [{ toolCallId: "c", toolName: "refund_order", input: { orderId: "o_1", amount: 5 } }] },
      { text: "Stopped." },
      { text: "Still stopped." },
      { text: "Back." },
    ]);
    const running = generateText({ model, tools, stopWhen: stepCountIs(3), prompt: "?" });
    await waiting(1);
    await bed.enableKillSwitch();
    await running;
    now += 40_000; // past the TTL, switch still on: the status poll of the known approval confirms it
    await generateText({ model, tools, prompt: "?" });
    await bed.disableKillSwitch();
    now += 10_000; // within the TTL: still hidden (the view can lag by up to the TTL)
    expect((await gate.killSwitch()).global).toBe(true);
    now += 30_000; // past the TTL: the poll shows the switch off
    await generateText({ model, tools, prompt: "?" });
    expect(offeredTools().slice(1)).toEqual([["ask_user"], ["ask_user"], ALL]);
    expect(await gate.killSwitch()).toMatchObject({ global: false, toolsPaused: [] });
  });

  it("keeps a tool the caller forces with toolChoice while the kill switch is on: generateText does not throw and the model reads the refusal", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    await bed.enableKillSwitch();
    await learnKillSwitch(gate, tools);
    const { model, offeredTools } = filteredModel(gate, [
      honoursToolChoice("forced", "refund_order", { orderId: "o_1", amount: 5 }),
    ]);
    const result = await generateText({
      model,
      tools,
      toolChoice: { type: "tool", toolName: "refund_order" },
      prompt: "Refund o_1",
    });
    expect(offeredTools()).toEqual([["refund_order", "ask_user"]]);
    const [toolResult] = result.steps[0]?.toolResults ?? [];
    expect(toolResult).toMatchObject({
      toolCallId: "forced",
      output: { executed: false, status: "blocked", retrySafe: false, reason: "Kill switch is active" },
    });
    // What the model reads on its next call: the refusal, as the tool's result.
    const toolMessage = result.response.messages.find((message) => message.role === "tool");
    expect(JSON.stringify(toolMessage?.content)).toContain("Kill switch is active");
    expect(shop.refundOrder).not.toHaveBeenCalled();
    // One audit row per evaluation: the lookup that taught the gate, and the forced refund. No approval.
    expect(bed.evaluationRows().map((row) => [row.action, row.decision])).toEqual([
      ["lookup_order", "block"],
      ["refund_order", "block"],
    ]);
    expect(bed.sentrail.control.state().approvalRequests).toHaveLength(0);
  });

  it("keeps a tool the caller forces with toolChoice while the kill switch is on: streamText finishes with the refusal", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    await bed.enableKillSwitch();
    await learnKillSwitch(gate, tools);
    const { model, offeredTools } = filteredModel(gate, [
      honoursToolChoice("forced", "refund_order", { orderId: "o_1", amount: 5 }),
    ]);
    const result = streamText({
      model,
      tools,
      toolChoice: { type: "tool", toolName: "refund_order" },
      prompt: "Refund o_1",
    });
    const parts: StreamPart[] = [];
    for await (const part of result.fullStream) parts.push(part as StreamPart);
    expect(parts.filter((part) => part.type === "error")).toEqual([]);
    expect(parts.find((part) => part.type === "tool-result")).toMatchObject({
      toolCallId: "forced",
      output: { executed: false, status: "blocked", reason: "Kill switch is active" },
    });
    expect(offeredTools()).toEqual([["refund_order", "ask_user"]]);
    expect(shop.refundOrder).not.toHaveBeenCalled();
    expect(bed.evaluationRows()).toHaveLength(2);
  });
});
