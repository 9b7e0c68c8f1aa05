import { generateText, stepCountIs } from "ai";
import { describe, expect, it } from "vitest";
import { createScriptedModel } from "./create-scripted-model";
import { API_KEY } from "./setup-sentrail-test-bed";
import { call, idOf, parentOf, setupTracingTestBed } from "./setup-tracing-test-bed";

// AI SDK 6 only (vitest.config.ts): `experimental_telemetry.tracer`, which AI SDK 7 removed.
const { bed, tracer, onlySpan, sentrailAttributeText } = setupTracingTestBed();

describe("tracing with the AI SDK's telemetry (AI SDK 6)", () => {
  it("nests sentrail.evaluate and sentrail.execute under the AI SDK's ai.toolCall span (AI SDK 6)", async () => {
    const { gate } = bed.createGate({ tracer });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      call("c1", "lookup_order", { orderId: "o_secret_1" }),
      { text: "Shipped." },
    ]);
    await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Where is o_secret_1?",
      experimental_telemetry: { isEnabled: true, tracer },
    });
    const root = onlySpan("ai.generateText");
    const toolCall = onlySpan("ai.toolCall");
    const evaluate = onlySpan("sentrail.evaluate");
    const execute = onlySpan("sentrail.execute");
    expect(toolCall.attributes["ai.toolCall.id"]).toBe("c1");
    for (const span of [toolCall, evaluate, execute]) {
      expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
    }
    expect(parentOf(evaluate)).toBe(idOf(toolCall));
    expect(parentOf(execute)).toBe(idOf(toolCall));
    expect(evaluate.attributes).toMatchObject({
      "sentrail.tool_name": "lookup_order",
      "sentrail.tool": "internal_api",
      "sentrail.action": "lookup_order",
      "sentrail.decision": "allow",
    });
    expect(execute.attributes).toMatchObject({
      "sentrail.outcome.status": "executed",
      "sentrail.correlation_id": bed.evaluationRows()[0]?.correlation_id,
    });
  });

  it("shows the model step, the decision and the human wait in one trace; no key or argument in a sentrail span", async () => {
    const { gate, waiting } = bed.createGate({ tracer });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([
      call("c1", "refund_order", { orderId: "o_secret_2", amount: 31_337 }),
      { text: "Refunded." },
    ]);
    const run = generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(3),
      prompt: "Refund o_secret_2",
      experimental_telemetry: { isEnabled: true, tracer },
    });
    const [approvalId] = await waiting(1);
    await bed.approve(approvalId!);
    await run;
    expect(shop.refundOrder).toHaveBeenCalledTimes(1);
    const toolCall = onlySpan("ai.toolCall");
    const wait = onlySpan("sentrail.approval.wait");
    expect(parentOf(onlySpan("sentrail.evaluate"))).toBe(idOf(toolCall));
    expect(parentOf(wait)).toBe(idOf(toolCall));
    expect(parentOf(onlySpan("sentrail.execute"))).toBe(idOf(toolCall));
    expect(wait.attributes).toMatchObject({
      "sentrail.decision": "require_approval",
      "sentrail.approval_request_id": approvalId,
    });
    const text = sentrailAttributeText();
    for (const secret of [API_KEY, "agk_", "o_secret_2", "31337", "ai-sdk-tests", "Bearer"]) {
      expect(text).not.toContain(secret);
    }
  });
});
