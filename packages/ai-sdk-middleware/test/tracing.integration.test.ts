import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import * as ai from "ai";
import { generateText, stepCountIs } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createScriptedModel } from "./create-scripted-model";
import { API_KEY, setupSentrailTestBed } from "./setup-sentrail-test-bed";

const bed = setupSentrailTestBed();

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("tracing-test");
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

/** AI SDK 6 has `experimental_telemetry.tracer`; AI SDK 7 moved OpenTelemetry to telemetry integrations. */
const isV7 = "isStepCount" in ai;

const spansNamed = (name: string): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((span) => span.name === name);

function onlySpan(name: string): ReadableSpan {
  const spans = spansNamed(name);
  if (spans.length !== 1) {
    throw new Error(`expected one ${name} span, got ${exporter.getFinishedSpans().map((s) => s.name)}`);
  }
  return spans[0]!;
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** Every attribute value of every `sentrail.*` span, as one string, for the redaction check. */
function sentrailAttributeText(): string {
  return JSON.stringify(
    exporter
      .getFinishedSpans()
      .filter((span) => span.name.startsWith("sentrail."))
      .map((span) => span.attributes),
  );
}

const call = (toolCallId: string, toolName: string, input: unknown) => ({
  toolCalls: [{ toolCallId, toolName, input }],
});

describe("tracing with the AI SDK's telemetry", () => {
  it.skipIf(isV7)(
    "nests sentrail.evaluate and sentrail.execute under the AI SDK's ai.toolCall span (AI SDK 6)",
    async () => {
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
    },
  );

  it.skipIf(isV7)(
    "shows the model step, the decision and the human wait in one trace; no key or argument in a sentrail span",
    async () => {
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
    },
  );

  it.skipIf(!isV7)(
    "nests under the tool span a telemetry integration opens around execute (AI SDK 7, as @ai-sdk/otel does)",
    async () => {
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
    },
  );

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
      ...(isV7 ? {} : { experimental_telemetry: { isEnabled: true, tracer } }),
    });
    expect(shop.lookupOrder).toHaveBeenCalledTimes(1);
    expect(exporter.getFinishedSpans().filter((span) => span.name.startsWith("sentrail."))).toEqual([]);
  });
});
