import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { RunCollectorCallbackHandler } from "@langchain/core/tracers/run_collector";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { createAgent } from "langchain";
import type { Run } from "langsmith/schemas";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSentrailMiddleware } from "../src/create-sentrail-middleware";
import { wrapToolWithSentrail } from "../src/wrap-tool-with-sentrail";
import { API_KEY, createRecordingTools, setupSentrailFixture } from "./setup-sentrail-fixture";

const fixture = setupSentrailFixture();

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

/** Records what every tool run's callbacks see at start and end. */
class ToolRunRecorder extends BaseCallbackHandler {
  name = "tool-run-recorder";
  readonly starts: Array<{ name: string | undefined; runId: string; metadata: Record<string, unknown> }> = [];
  override async handleToolStart(
    _tool: unknown,
    _input: string,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    name?: string,
  ) {
    this.starts.push({ name, runId, metadata: metadata ?? {} });
  }
}

/** Every run of the collected trees, depth first. */
function allRuns(roots: Run[]): Run[] {
  return roots.flatMap((run) => [run, ...allRuns(run.child_runs ?? [])]);
}

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

/** An agent gated by the middleware, whose fake model asks for `calls` in one turn, then answers "done". */
function tracedAgent(calls: Array<{ name: string; args: Record<string, unknown>; id: string }>) {
  const tools = createRecordingTools();
  const model = fakeModel().respondWithTools(calls).respond(new AIMessage("done"));
  const agent = createAgent({
    model,
    tools: tools.all,
    middleware: [createSentrailMiddleware(fixture.guardOptions({ tracer }))],
  });
  /** `agent.invoke` inside the caller's own active span, as an instrumented app runs it. */
  const invoke = (callbacks: BaseCallbackHandler[]) =>
    tracer.startActiveSpan("agent", async (span) => {
      try {
        return await agent.invoke({ messages: [new HumanMessage("go")] }, { callbacks });
      } finally {
        span.end();
      }
    });
  return { tools, invoke };
}

/** Every `sentrail.*` span attribute and every run's metadata, as one string, for the redaction check. */
function tracedText(runs: Run[]): string {
  const spans = exporter
    .getFinishedSpans()
    .filter((span) => span.name.startsWith("sentrail."))
    .map((span) => span.attributes);
  return JSON.stringify([spans, runs.map((run) => run.extra?.metadata ?? null)]);
}

describe("tracing a LangChain agent", () => {
  it("puts the Sentrail ids in the tool run's metadata, as LangSmith records it", async () => {
    const { tools, invoke } = tracedAgent([
      { name: "list_issues", args: { repo: "acme/secret-repo" }, id: "call_1" },
    ]);
    const collector = new RunCollectorCallbackHandler();
    const recorder = new ToolRunRecorder();
    const result = await invoke([collector, recorder]);
    expect(tools.ran("list_issues")).toBe(1);
    const [row] = fixture.evaluationRows();
    const expected = {
      sentrail_decision: "allow",
      sentrail_correlation_id: row?.correlation_id,
      sentrail_audit_log_id: row?.id,
      sentrail_matched_policy_id: row?.matched_policy_id,
    };
    // The callbacks see it when the tool run starts (LangChainTracer sends it with the run's creation).
    expect(recorder.starts).toHaveLength(1);
    expect(recorder.starts[0]?.metadata).toMatchObject(expected);
    // The run tree: the tool run carries it, under the agent's root run.
    const runs = allRuns(collector.tracedRuns);
    const toolRun = runs.find((run) => run.run_type === "tool" && run.name === "list_issues");
    expect(toolRun?.extra?.metadata).toMatchObject(expected);
    expect(toolRun?.trace_id).toBe(collector.tracedRuns[0]?.id);
    // The ToolMessage carries the same correlation id.
    const message = result.messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage | undefined;
    expect(message?.response_metadata.sentrail).toMatchObject({ correlationId: row?.correlation_id });
  });

  it("carries the approval id on the run of an approved call", async () => {
    const { tools, invoke } = tracedAgent([
      { name: "refund_invoice", args: { invoiceId: "in_secret" }, id: "call_1" },
    ]);
    const recorder = new ToolRunRecorder();
    const running = invoke([recorder]);
    const [approvalRequestId] = await fixture.waiting(1);
    await fixture.approve(approvalRequestId!);
    await running;
    expect(tools.ran("refund_invoice")).toBe(1);
    expect(recorder.starts[0]?.metadata).toMatchObject({
      sentrail_decision: "require_approval",
      sentrail_approval_request_id: approvalRequestId,
    });
  });

  it("starts no tool run for a blocked call; its ids are on the ToolMessage", async () => {
    const { tools, invoke } = tracedAgent([
      { name: "delete_repo", args: { repo: "acme/app" }, id: "call_1" },
    ]);
    const recorder = new ToolRunRecorder();
    const result = await invoke([recorder]);
    expect(tools.ran("delete_repo")).toBe(0);
    expect(recorder.starts).toEqual([]);
    const message = result.messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage | undefined;
    expect(message?.response_metadata.sentrail).toMatchObject({
      decision: "block",
      correlationId: fixture.evaluationRows()[0]?.correlation_id,
    });
  });

  it("nests the guard's spans under the span around agent.invoke, through LangGraph's async execution", async () => {
    const { invoke } = tracedAgent([
      { name: "list_issues", args: { repo: "acme/app" }, id: "call_1" },
      { name: "delete_repo", args: { repo: "acme/app" }, id: "call_2" },
    ]);
    await invoke([]);
    const agent = onlySpan("agent");
    const evaluations = spansNamed("sentrail.evaluate");
    expect(evaluations).toHaveLength(2);
    for (const span of [...evaluations, onlySpan("sentrail.execute")]) {
      expect(span.spanContext().traceId).toBe(agent.spanContext().traceId);
      expect(parentOf(span)).toBe(idOf(agent));
    }
    expect(evaluations.map((span) => span.attributes["sentrail.decision"]).sort()).toEqual([
      "allow",
      "block",
    ]);
  });

  it("keeps the key, the Authorization value and the arguments out of every span attribute and run metadata", async () => {
    const { invoke } = tracedAgent([
      { name: "refund_invoice", args: { invoiceId: "in_secret_42" }, id: "call_1" },
      { name: "delete_repo", args: { repo: "acme/secret-repo" }, id: "call_2" },
    ]);
    const collector = new RunCollectorCallbackHandler();
    const running = invoke([collector]);
    const [approvalRequestId] = await fixture.waiting(1);
    await fixture.approve(approvalRequestId!);
    await running;
    const text = tracedText(allRuns(collector.tracedRuns));
    expect(text).toContain("sentrail_correlation_id");
    expect(text).toContain("sentrail.correlation_id");
    for (const secret of [API_KEY, "agk_", "Bearer", "in_secret_42", "secret-repo", "langchain-tests"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("puts the ids on the original tool's run under a wrapped tool", async () => {
    const tools = createRecordingTools();
    const guarded = wrapToolWithSentrail(tools.listIssues, fixture.guardOptions({ tracer }));
    const collector = new RunCollectorCallbackHandler();
    await tracer.startActiveSpan("chain", async (span) => {
      await guarded.invoke(
        { name: "list_issues", args: { repo: "acme/app" }, id: "call_1", type: "tool_call" },
        { callbacks: [collector] },
      );
      span.end();
    });
    const [row] = fixture.evaluationRows();
    const [outer] = collector.tracedRuns;
    const inner = outer?.child_runs?.[0];
    expect(inner?.name).toBe("list_issues");
    expect(inner?.extra?.metadata).toMatchObject({ sentrail_correlation_id: row?.correlation_id });
    expect(outer?.extra?.metadata?.sentrail_correlation_id).toBeUndefined();
    expect(parentOf(onlySpan("sentrail.evaluate"))).toBe(idOf(onlySpan("chain")));
  });
});
