import { generateText, stepCountIs } from "ai";
import { describe, expect, it } from "vitest";
import { createScriptedModel } from "./create-scripted-model";
import { call, idOf, parentOf, setupTracingTestBed } from "./setup-tracing-test-bed";

// AI SDK 7 only (vitest.v7.config.ts): a telemetry integration's hook, which AI SDK 6 does not have.
const { bed, tracer, onlySpan } = setupTracingTestBed();

describe("tracing with the AI SDK's telemetry (AI SDK 7)", () => {
  it("nests under the tool span a telemetry integration opens around execute (AI SDK 7, as @ai-sdk/otel does)", async () => {
    const { gate } = bed.createGate({ tracer });
    const shop = bed.createShopTools();
    const { model } = createScriptedModel([call("c1", "lookup_order", { orderId: "o_1" })]);
    // The seam AI SDK 7 gives OpenTelemetry integrations: `executeTool` runs the tool in their context.
    const integration = {
      executeTool: ({ toolCallId, execute }: { toolCallId: string; execute: () => PromiseLike<unknown> }) =>
        tracer.startActiveSpan(
          "ai.toolCall",
          { attributes: { "ai.toolCall.id": toolCallId } },
          async (span) => {
            try {
              return await execute();
            } finally {
              span.end();
            }
          },
        ),
    };
    await generateText({
      model,
      tools: gate.tools(shop.tools),
      stopWhen: stepCountIs(2),
      prompt: "Where is o_1?",
      experimental_telemetry: { isEnabled: true, integrations: integration as never },
    });
    const toolCall = onlySpan("ai.toolCall");
    expect(parentOf(onlySpan("sentrail.evaluate"))).toBe(idOf(toolCall));
    expect(parentOf(onlySpan("sentrail.execute"))).toBe(idOf(toolCall));
  });
});
