import { context, type Tracer, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { pollUntilApprovalSettles } from "../poll-until-approval-settles";
import type { ApprovalStatus, EvaluateActionInput } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import { createGuard, type GuardOptions } from "./create-guard";
import type { GuardTracer } from "./trace-guarded-call";

const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const input = { invoiceId: "in_secret_42", note: "refund for Jane Roe", amountCents: 98_765 };

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
const tracer = provider.getTracer("@sentrail/client");

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

/** A client whose evaluations answer `decision` and whose approval polls walk through `statuses`. */
function createStubClient(
  decision: EvaluateActionResult["decision"],
  statuses: ApprovalStatus[] = [],
  result: unknown = null,
) {
  const ids = {
    reason: `Policy '${decision}' matched`,
    matchedPolicyId: "policy-7",
    auditLogId: "audit-7",
    correlationId: "correlation-7",
  };
  return {
    async evaluateAction(request: EvaluateActionInput): Promise<EvaluateActionResult> {
      // The request carries the key's owner and the payload; neither may reach a span.
      expect(request.payload).toEqual(input);
      if (decision === "require_approval") return { ...ids, decision, approvalRequestId: "approval-7" };
      return { ...ids, decision };
    },
    waitForApproval(correlationId: string, options?: Parameters<typeof pollUntilApprovalSettles>[2]) {
      let poll = 0;
      return pollUntilApprovalSettles(
        async () => {
          const status = statuses[Math.min(poll++, statuses.length - 1)] ?? "pending";
          return {
            correlationId,
            status,
            decision: "require_approval",
            result: status === "executed" ? result : null,
            killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
          };
        },
        correlationId,
        options,
      );
    },
  };
}

function createTracedGuard(client: GuardOptions["client"], options: Partial<GuardOptions> = {}) {
  return createGuard({
    client,
    tracer,
    tools: {
      refund_invoice: { evaluation: { tool: "internal_api", action: "invoice.refund", riskLevel: "high" } },
    },
    polling: { initialDelayMs: 1, sleep: async () => undefined },
    ...options,
  });
}

/** Runs `body` inside a parent span, as a host framework (AI SDK, LangChain) would. */
async function inParentSpan<T>(body: () => Promise<T>): Promise<{ value: T; parent: ReadableSpan }> {
  const value = await tracer.startActiveSpan("host.tool_call", async (span) => {
    try {
      return await body();
    } finally {
      span.end();
    }
  });
  const parent = exporter.getFinishedSpans().find((span) => span.name === "host.tool_call");
  if (!parent) throw new Error("the parent span was not exported");
  return { value, parent };
}

function spanNamed(name: string): ReadableSpan {
  const span = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no ${name} span among ${exporter.getFinishedSpans().map((s) => s.name)}`);
  return span;
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe("guard tracing", () => {
  it("accepts an OpenTelemetry tracer as is", () => {
    expectTypeOf<Tracer>().toExtend<GuardTracer>();
  });

  it("nests sentrail.evaluate and sentrail.execute under the host's active span", async () => {
    const guard = createTracedGuard(createStubClient("allow"));
    const { value: outcome, parent } = await inParentSpan(() =>
      guard.run({ toolName: "refund_invoice", input, toolCallId: "call-1" }, () => {
        // The tool's own spans nest under sentrail.execute.
        tracer.startSpan("tool.work").end();
        return "refunded";
      }),
    );
    expect(outcome.status).toBe("executed");
    const evaluate = spanNamed("sentrail.evaluate");
    const execute = spanNamed("sentrail.execute");
    expect(parentOf(evaluate)).toBe(parent.spanContext().spanId);
    expect(parentOf(execute)).toBe(parent.spanContext().spanId);
    expect(parentOf(spanNamed("tool.work"))).toBe(execute.spanContext().spanId);
    expect(evaluate.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(evaluate.attributes).toEqual({
      "sentrail.tool_name": "refund_invoice",
      "sentrail.tool": "internal_api",
      "sentrail.action": "invoice.refund",
      "sentrail.risk_level": "high",
      "sentrail.decision": "allow",
      "sentrail.matched_policy_id": "policy-7",
      "sentrail.correlation_id": "correlation-7",
      "sentrail.audit_log_id": "audit-7",
    });
    expect(execute.attributes).toMatchObject({
      "sentrail.tool_name": "refund_invoice",
      "sentrail.decision": "allow",
      "sentrail.correlation_id": "correlation-7",
      "sentrail.audit_log_id": "audit-7",
      "sentrail.outcome.status": "executed",
      "sentrail.outcome.side_effect": "executed",
      "sentrail.outcome.retry_safe": outcome.retrySafe,
    });
  });

  it("puts a blocked call's outcome on sentrail.evaluate and emits no execute span", async () => {
    const guard = createTracedGuard(createStubClient("block"));
    await inParentSpan(() => guard.run({ toolName: "refund_invoice", input }, () => "refunded"));
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      "sentrail.evaluate",
      "host.tool_call",
    ]);
    expect(spanNamed("sentrail.evaluate").attributes).toMatchObject({
      "sentrail.decision": "block",
      "sentrail.outcome.status": "blocked",
      "sentrail.outcome.side_effect": "not_started",
    });
  });

  it("emits sentrail.approval.wait with the approval request id, then sentrail.execute", async () => {
    const guard = createTracedGuard(createStubClient("require_approval", ["pending", "approved"]));
    const { parent } = await inParentSpan(() =>
      guard.run({ toolName: "refund_invoice", input, toolCallId: "call-2" }, () => "refunded"),
    );
    const wait = spanNamed("sentrail.approval.wait");
    expect(parentOf(wait)).toBe(parent.spanContext().spanId);
    expect(wait.attributes).toMatchObject({
      "sentrail.tool_name": "refund_invoice",
      "sentrail.tool": "internal_api",
      "sentrail.decision": "require_approval",
      "sentrail.approval_request_id": "approval-7",
      "sentrail.correlation_id": "correlation-7",
    });
    expect(spanNamed("sentrail.execute").attributes).toMatchObject({
      "sentrail.approval_request_id": "approval-7",
      "sentrail.outcome.status": "executed",
    });
  });

  it("emits sentrail.replay inside the wait for Sentrail-side execution", async () => {
    const client = createStubClient("require_approval", ["pending", "approved", "executed"], { ok: 1 });
    const guard = createTracedGuard(client, { replay: "sentrail" });
    await inParentSpan(() =>
      guard.run({ toolName: "refund_invoice", input, toolCallId: "call-3" }, () => "not run here"),
    );
    const wait = spanNamed("sentrail.approval.wait");
    const replay = spanNamed("sentrail.replay");
    expect(parentOf(replay)).toBe(wait.spanContext().spanId);
    expect(replay.attributes).toMatchObject({
      "sentrail.approval_request_id": "approval-7",
      "sentrail.outcome.status": "executed",
      "sentrail.outcome.side_effect": "executed",
    });
    expect(exporter.getFinishedSpans().some((span) => span.name === "sentrail.execute")).toBe(false);
  });

  it("never puts a key or any part of the input in an attribute", async () => {
    const guard = createTracedGuard(createStubClient("require_approval", ["approved"]), {
      agentId: API_KEY,
    });
    await inParentSpan(() =>
      guard.run({ toolName: "refund_invoice", input, toolCallId: "call-4" }, () => {
        throw new Error(`failed with ${API_KEY} on ${input.invoiceId}`);
      }),
    );
    const spans = exporter.getFinishedSpans().filter((span) => span.name.startsWith("sentrail."));
    expect(spans.map((span) => span.name).sort()).toEqual([
      "sentrail.approval.wait",
      "sentrail.evaluate",
      "sentrail.execute",
    ]);
    const forbidden = [API_KEY, "agk_", ...Object.values(input).map(String)];
    for (const span of spans) {
      expect(Object.keys(span.attributes).every((key) => key.startsWith("sentrail."))).toBe(true);
      const texts = [
        ...Object.values(span.attributes).map(String),
        span.status.message ?? "",
        ...span.events.map((event) => JSON.stringify(event)),
      ];
      for (const text of texts) for (const secret of forbidden) expect(text).not.toContain(secret);
    }
    expect(spanNamed("sentrail.execute").status.code).toBe(2);
    expect(spanNamed("sentrail.execute").attributes["sentrail.outcome.status"]).toBe("failed");
  });

  it("emits no span without a tracer", async () => {
    const guard = createGuard({ client: createStubClient("allow") });
    await inParentSpan(() => guard.run({ toolName: "refund_invoice", input }, () => "refunded"));
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(["host.tool_call"]);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
