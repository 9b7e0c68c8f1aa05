import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import * as ai from "ai";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { setupSentrailTestBed } from "./setup-sentrail-test-bed";

/** AI SDK 6 has `experimental_telemetry.tracer`; AI SDK 7 moved OpenTelemetry to telemetry integrations. */
export const isAiSdk7 = "isStepCount" in ai;

export const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
export const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** One model step that calls one tool. */
export const call = (toolCallId: string, toolName: string, input: unknown) => ({
  toolCalls: [{ toolCallId, toolName, input }],
});

/**
 * The Sentrail test bed plus an OpenTelemetry SDK that keeps finished spans in memory, with the
 * AsyncLocalStorage context manager registered (as the Node SDK does). Registers its hooks.
 */
export function setupTracingTestBed() {
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

  const spansNamed = (name: string): ReadableSpan[] =>
    exporter.getFinishedSpans().filter((span) => span.name === name);

  function onlySpan(name: string): ReadableSpan {
    const spans = spansNamed(name);
    if (spans.length !== 1) {
      throw new Error(`expected one ${name} span, got ${exporter.getFinishedSpans().map((s) => s.name)}`);
    }
    return spans[0]!;
  }

  /** Every attribute value of every `sentrail.*` span, as one string, for the redaction check. */
  function sentrailAttributeText(): string {
    return JSON.stringify(
      exporter
        .getFinishedSpans()
        .filter((span) => span.name.startsWith("sentrail."))
        .map((span) => span.attributes),
    );
  }

  return { bed, exporter, tracer, spansNamed, onlySpan, sentrailAttributeText };
}
