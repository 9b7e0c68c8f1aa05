import type { GuardOutcome } from "@sentrail/client";
import * as ai from "ai";
import { generateText, type ModelMessage, stepCountIs } from "ai";
import { describe, expect, it } from "vitest";
import { withSentrail } from "../src/with-sentrail";
import { createScriptedModel } from "./create-scripted-model";
import { setupSentrailTestBed } from "./setup-sentrail-test-bed";

const bed = setupSentrailTestBed();
/** AI SDK 7 has `toolApproval` (and `isStepCount`); AI SDK 6 only the tools' `needsApproval`. */
const isV7 = "isStepCount" in ai;

function responseMessagesOf(result: unknown): ModelMessage[] {
  const read = result as { responseMessages?: ModelMessage[]; response?: { messages: ModelMessage[] } };
  return read.responseMessages ?? read.response!.messages;
}

type Part = { type: string; toolCallId?: string; output?: unknown; approvalId?: string; reason?: string };
const partsOf = (result: { steps: ReadonlyArray<{ content: ReadonlyArray<unknown> }> }) =>
  result.steps.flatMap((step) => step.content as Part[]);
/** The tool result the model saw for `toolCallId` (approved calls run before the first step, so read the messages). */
function modelSawResult(result: unknown, toolCallId: string): unknown {
  for (const message of responseMessagesOf(result)) {
    if (message.role !== "tool") continue;
    for (const part of message.content as Array<{
      type: string;
      toolCallId?: string;
      output?: { value?: unknown };
    }>) {
      if (part.type === "tool-result" && part.toolCallId === toolCallId) return part.output?.value;
    }
  }
  return undefined;
}
const approvalRequestOf = (result: { content: ReadonlyArray<unknown> }) =>
  (result.content as Part[]).find((part) => part.type === "tool-approval-request");

const refund = {
  toolCalls: [{ toolCallId: "c1", toolName: "refund_order", input: { orderId: "o_1", amount: 40 } }],
};

/** The chat UI's answer to an approval request, appended as the SDK expects it. */
function answer(first: unknown, prompt: string, approvalId: string, approved: boolean): ModelMessage[] {
  return [
    { role: "user", content: prompt },
    ...responseMessagesOf(first),
    { role: "tool", content: [{ type: "tool-approval-response", approvalId, approved }] },
  ];
}

describe("native approvals (approval: 'native')", () => {
  it("surfaces require_approval as the SDK's own approval request, then runs once after Sentrail approves", async () => {
    const settled: GuardOutcome[] = [];
    const { gate } = bed.createGate({ approval: "native", onSettled: (outcome) => settled.push(outcome) });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model } = createScriptedModel([refund, { text: "Refunded." }]);
    const first = await generateText({
      model,
      tools,
      prompt: "Refund o_1",
      ...(isV7 ? { toolApproval: gate.toolApproval } : {}),
    });
    const request = approvalRequestOf(first);
    expect(request).toBeDefined();
    expect(shop.refundOrder).not.toHaveBeenCalled();

    const [approval] = bed.sentrail.control.state().approvalRequests;
    expect(gate.approvalFor("c1")).toMatchObject({
      toolName: "refund_order",
      approvalRequestId: approval?.id,
      correlationId: approval?.correlation_id,
      reason: "Policy 'Approve refunds' matched",
    });
    if (isV7) {
      expect(request?.reason).toBe(`Policy 'Approve refunds' matched (Sentrail approval ${approval?.id})`);
    }

    // The reviewer decides in Sentrail; the chat UI sends the SDK's approval response.
    await bed.approve(approval!.id);
    const second = await generateText({
      model,
      tools,
      messages: answer(first, "Refund o_1", request!.approvalId!, true),
      stopWhen: stepCountIs(3),
    });
    expect(modelSawResult(second, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(second.text).toBe("Refunded.");
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    expect(bed.evaluationRows()).toHaveLength(1);
    // The hand-off to the SDK is not an outcome: onSettled reports the call once, when it ran.
    expect(settled.map((outcome) => outcome.status)).toEqual(["executed"]);
  });

  it("checks the approval response against Sentrail's recorded decision: a Sentrail denial wins over the UI's yes", async () => {
    const { gate } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model } = createScriptedModel([refund, { text: "It was refused." }]);
    const first = await generateText({ model, tools, prompt: "Refund o_1" });
    const request = approvalRequestOf(first)!;
    await bed.deny(gate.approvalFor("c1")!.approvalRequestId);
    const second = await generateText({
      model,
      tools,
      messages: answer(first, "Refund o_1", request.approvalId!, true),
      stopWhen: stepCountIs(3),
    });
    expect(modelSawResult(second, "c1")).toMatchObject({ executed: false, status: "denied" });
    expect(shop.refundOrder).not.toHaveBeenCalled();
  });

  it("waits for Sentrail when the UI approves before the reviewer has decided", async () => {
    const { gate, waiting } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model } = createScriptedModel([refund, { text: "Refunded." }]);
    const first = await generateText({ model, tools, prompt: "Refund o_1" });
    const request = approvalRequestOf(first)!;
    const running = generateText({
      model,
      tools,
      messages: answer(first, "Refund o_1", request.approvalId!, true),
      stopWhen: stepCountIs(3),
    });
    // The approval check asked Sentrail and waited for nothing; `execute` is the one that waits.
    const [resumed] = await waiting(1);
    expect(resumed).toBe(gate.approvalFor("c1")!.approvalRequestId);
    expect(shop.refundOrder).not.toHaveBeenCalled();
    await bed.approve(resumed!);
    await running;
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    expect(bed.sentrail.control.state().approvalRequests).toHaveLength(1);
    expect(bed.evaluationRows()).toHaveLength(1);
  });

  it("does not run a call the UI denies", async () => {
    const { gate } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model } = createScriptedModel([refund, { text: "OK, not refunding." }]);
    const first = await generateText({ model, tools, prompt: "Refund o_1" });
    const request = approvalRequestOf(first)!;
    const second = await generateText({
      model,
      tools,
      messages: answer(first, "Refund o_1", request.approvalId!, false),
      stopWhen: stepCountIs(3),
    });
    expect(second.text).toBe("OK, not refunding.");
    expect(shop.refundOrder).not.toHaveBeenCalled();
  });

  it("asks nobody for allowed and blocked calls, and evaluates each once", async () => {
    const { gate } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      {
        toolCalls: [
          { toolCallId: "a", toolName: "lookup_order", input: { orderId: "o_1" } },
          { toolCallId: "b", toolName: "delete_account", input: { userId: "u_1" } },
        ],
      },
    ]);
    const result = await generateText({
      model,
      tools: gate.tools(shop.tools),
      prompt: "?",
      ...(isV7 ? { toolApproval: gate.toolApproval } : {}),
    });
    expect(approvalRequestOf(result)).toBeUndefined();
    const outputs = new Map(
      partsOf(result)
        .filter((part) => part.type === "tool-result")
        .map((part) => [part.toolCallId, part.output]),
    );
    expect(outputs.get("a")).toEqual({ orderId: "o_1", status: "shipped" });
    expect(outputs.get("b")).toMatchObject({ executed: false, status: "blocked" });
    expect(shop.lookupOrder).toHaveBeenCalledTimes(1);
    expect(bed.evaluationRows().map((row) => row.decision)).toEqual(["allow", "block"]);
  });

  it("finds the approval from a later request when the tools are wrapped per request with the same client", async () => {
    const client = bed.client();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([refund, { text: "Refunded." }]);
    const first = await generateText({
      model,
      tools: withSentrail(shop.tools, { client, approval: "native" }),
      prompt: "Refund o_1",
    });
    const request = approvalRequestOf(first)!;
    const [approval] = bed.sentrail.control.state().approvalRequests;
    await bed.approve(approval!.id);
    await generateText({
      model,
      tools: withSentrail(shop.tools, { client, approval: "native" }),
      messages: answer(first, "Refund o_1", request.approvalId!, true),
    });
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    expect(bed.sentrail.control.state().approvalRequests).toHaveLength(1);
  });

  it("keeps a tool's own needsApproval: Sentrail's allow still asks the person when the tool says so", async () => {
    const { gate } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const tools = gate.tools({
      ...shop.tools,
      lookup_order: { ...shop.tools.lookup_order, needsApproval: true },
    });
    const { model } = createScriptedModel([
      { toolCalls: [{ toolCallId: "a", toolName: "lookup_order", input: { orderId: "o_1" } }] },
    ]);
    const result = await generateText({
      model,
      tools,
      prompt: "?",
      ...(isV7 ? { toolApproval: gate.toolApproval } : {}),
    });
    expect(approvalRequestOf(result)).toBeDefined();
    expect(shop.lookupOrder).not.toHaveBeenCalled();
  });

  it("runs an approved call once when the chat submits the same approval response twice at once: both requests show its one result", async () => {
    const settled: GuardOutcome[] = [];
    const { gate } = bed.createGate({ approval: "native", onSettled: (outcome) => settled.push(outcome) });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model } = createScriptedModel([refund, { text: "Refunded." }, { text: "Refunded." }]);
    const options = isV7 ? { toolApproval: gate.toolApproval } : {};
    const first = await generateText({ model, tools, prompt: "Refund o_1", ...options });
    const request = approvalRequestOf(first)!;
    await bed.approve(gate.approvalFor("c1")!.approvalRequestId);
    const submit = () =>
      generateText({
        model,
        tools,
        messages: answer(first, "Refund o_1", request.approvalId!, true),
        stopWhen: stepCountIs(3),
        ...options,
      });
    const [one, two] = await Promise.all([submit(), submit()]);
    expect(modelSawResult(one, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(modelSawResult(two, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    expect(bed.evaluationRows()).toHaveLength(1);
    expect(bed.sentrail.control.state().approvalRequests).toMatchObject([{ status: "approved" }]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["executed"]);
  });

  it("runs an approved call once when two submissions at once each wrap the tools anew with the same client", async () => {
    const client = bed.client();
    const shop = bed.createShopTools();
    const wrap = () =>
      withSentrail(shop.tools, {
        client,
        approval: "native",
        polling: { initialDelayMs: 10, maxDelayMs: 50 },
      });
    const { model } = createScriptedModel([refund, { text: "Refunded." }, { text: "Refunded." }]);
    const first = await generateText({ model, tools: wrap(), prompt: "Refund o_1" });
    const request = approvalRequestOf(first)!;
    const [approval] = bed.sentrail.control.state().approvalRequests;
    await bed.approve(approval!.id);
    const submit = () =>
      generateText({
        model,
        tools: wrap(),
        messages: answer(first, "Refund o_1", request.approvalId!, true),
        stopWhen: stepCountIs(3),
      });
    const [one, two] = await Promise.all([submit(), submit()]);
    expect(modelSawResult(one, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(modelSawResult(two, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    expect(bed.evaluationRows()).toHaveLength(1);
    expect(bed.sentrail.control.state().approvalRequests).toHaveLength(1);
  });

  it("runs an approved call once when two submissions of the approval response wait for the reviewer together", async () => {
    const { gate, waiting } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model } = createScriptedModel([refund, { text: "Refunded." }, { text: "Refunded." }]);
    const options = isV7 ? { toolApproval: gate.toolApproval } : {};
    const first = await generateText({ model, tools, prompt: "Refund o_1", ...options });
    const request = approvalRequestOf(first)!;
    const submit = () =>
      generateText({
        model,
        tools,
        messages: answer(first, "Refund o_1", request.approvalId!, true),
        stopWhen: stepCountIs(3),
        ...options,
      });
    const both = Promise.all([submit(), submit()]);
    const [approvalRequestId] = await waiting(1);
    await bed.approve(approvalRequestId!);
    const [one, two] = await both;
    expect(modelSawResult(one, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(modelSawResult(two, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    expect(bed.evaluationRows()).toHaveLength(1);
    expect(bed.sentrail.control.state().approvalRequests).toHaveLength(1);
  });

  it("answers an approval response submitted again after the call ran with the call's one result, not a denial", async () => {
    const { gate } = bed.createGate({ approval: "native" });
    const shop = bed.createShopTools();
    const tools = gate.tools(shop.tools);
    const { model } = createScriptedModel([refund, { text: "Refunded." }, { text: "Refunded, as before." }]);
    const options = isV7 ? { toolApproval: gate.toolApproval } : {};
    const first = await generateText({ model, tools, prompt: "Refund o_1", ...options });
    const request = approvalRequestOf(first)!;
    await bed.approve(gate.approvalFor("c1")!.approvalRequestId);
    const messages = answer(first, "Refund o_1", request.approvalId!, true);
    const second = await generateText({ model, tools, messages, stopWhen: stepCountIs(3), ...options });
    expect(modelSawResult(second, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    // The chat resends the same approval response (a retry, a reload, a second tab).
    const again = await generateText({ model, tools, messages, stopWhen: stepCountIs(3), ...options });
    expect(modelSawResult(again, "c1")).toEqual({ refunded: "o_1", amount: 40 });
    expect(partsOf(again).filter((part) => part.type === "tool-output-denied")).toEqual([]);
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    expect(bed.evaluationRows()).toHaveLength(1);
    expect(bed.sentrail.control.state().approvalRequests).toHaveLength(1);
  });
});
