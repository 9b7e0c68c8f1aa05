import { generateText, stepCountIs } from "ai";
import { describe, expect, it } from "vitest";
import { createScriptedModel } from "./create-scripted-model";
import { call, idOf, isAiSdk7, parentOf, setupTracingTestBed } from "./setup-tracing-test-bed";

// Both AI SDK majors (vitest.config.ts and vitest.v7.config.ts); the version-specific nesting tests are
// in tracing-ai6/tracing-ai7.integration.test.ts.
const { bed, exporter, tracer, spansNamed, onlySpan, sentrailAttributeText } = setupTracingTestBed();

describe("tracing with the AI SDK's telemetry", () => {
  it("nests under whatever span is active around the tool's execute (a telemetry integration's tool span on AI SDK 7)", async () => {
    const { gate } = bed.createGate({ tracer });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "delete_account", { userId: "u_secret" })]);
    const tools = gate.tools(shop.tools);
    await tracer.startActiveSpan("agent", async (agent) => {
      try {
        await generateText({ model, tools, stopWhen: stepCountIs(2), prompt: "Delete u_secret" });
      } finally {
        agent.end();
      }
    });
    expect(shop.deleteAccount).not.toHaveBeenCalled();
    const agent = onlySpan("agent");
    const evaluate = onlySpan("sentrail.evaluate");
    expect(evaluate.spanContext().traceId).toBe(agent.spanContext().traceId);
    expect(parentOf(evaluate)).toBe(idOf(agent));
    // A blocked call settles on the evaluate span: no execute span.
    expect(spansNamed("sentrail.execute")).toEqual([]);
    expect(evaluate.attributes).toMatchObject({
      "sentrail.decision": "block",
      "sentrail.outcome.status": "blocked",
      "sentrail.outcome.side_effect": "not_started",
    });
    expect(sentrailAttributeText()).not.toContain("u_secret");
  });

  it("emits no span without a tracer, even when the AI SDK's telemetry is on", async () => {
    const { gate } = bed.createGate();
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "lookup_order", { orderId: "o_1" })]);
    await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(2),
      prompt: "Where is o_1?",
      ...(isAiSdk7 ? {} : { experimental_telemetry: { isEnabled: true, tracer } }),
    });
    expect(shop.lookupOrder).toHaveBeenCalledTimes(1);
    expect(exporter.getFinishedSpans().filter((span) => span.name.startsWith("sentrail."))).toEqual([]);
  });
});
