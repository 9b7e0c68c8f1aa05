import type { EvaluateActionInput } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardOutcome } from "./guard-outcome";

/** A span attribute value, as OpenTelemetry accepts it. */
export type GuardSpanAttributeValue = string | number | boolean;

/** Span attributes: `sentrail.*` names, values never taken from the call's input or a credential. */
export type GuardSpanAttributes = Record<string, GuardSpanAttributeValue>;

/**
 * The part of an OpenTelemetry `Span` the guard uses. Declared here, not imported, so that
 * `@sentrail/client` needs no `@opentelemetry/api` at run time or in its types.
 */
export interface GuardSpan {
  setAttribute(key: string, value: GuardSpanAttributeValue): unknown;
  setAttributes(attributes: GuardSpanAttributes): unknown;
  /** Called with `{ code: 2 }` (`SpanStatusCode.ERROR`) when the step failed; never with a message. */
  setStatus(status: { code: 2 }): unknown;
  end(): void;
}

/**
 * The part of an OpenTelemetry `Tracer` the guard uses: pass `trace.getTracer("@sentrail/client")`
 * from `@opentelemetry/api` (an optional peer dependency). Any object with these two methods works.
 *
 * @example
 * ```ts
 * import { trace } from "@opentelemetry/api";
 * const guard = createGuard({ client, tracer: trace.getTracer("@sentrail/client") });
 * ```
 */
export interface GuardTracer {
  /** Starts a span that is the active one while `fn` runs (spans the step starts nest under it). */
  startActiveSpan(
    name: string,
    options: { attributes?: GuardSpanAttributes },
    fn: (span: GuardSpan) => Promise<unknown>,
  ): Promise<unknown>;
  /** Starts a span under the active one without making it active. */
  startSpan(name: string, options?: { attributes?: GuardSpanAttributes }): GuardSpan;
}

/** The spans the guard emits. */
export type GuardSpanName =
  | "sentrail.evaluate"
  | "sentrail.approval.wait"
  | "sentrail.execute"
  | "sentrail.replay";

/** `SpanStatusCode.ERROR` of `@opentelemetry/api`. */
const ERROR = { code: 2 } as const;

/**
 * Runs one step of a guarded call (evaluate, approval wait, execute) inside an active span, so that
 * spans it starts (the HTTP request, the tool's own) nest under it and the span nests under the host
 * framework's. The span stays open when `step` settles: the caller adds the decision and outcome and
 * ends it ({@link endGuardSpan}); if `step` throws, the span is marked failed and ended here.
 *
 * Without a tracer it is `step(undefined)`: no span, no attribute object, nothing else (zero cost).
 *
 * @example
 * ```ts
 * let span: GuardSpan | undefined;
 * const asked = await inGuardSpan(tracer, "sentrail.evaluate", { "sentrail.tool_name": name }, (s) => ((span = s), ask()));
 * endGuardSpan(span, evaluationSpanAttributes(asked.input, asked.evaluation));
 * ```
 */
export function inGuardSpan<T>(
  tracer: GuardTracer | undefined,
  name: GuardSpanName,
  attributes: GuardSpanAttributes,
  step: (span: GuardSpan | undefined) => Promise<T>,
): Promise<T> {
  if (tracer === undefined) return step(undefined);
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await step(span);
    } catch (error) {
      span.setStatus(ERROR);
      span.end();
      throw error;
    }
  }) as Promise<T>;
}

/** Adds `attributes` to the span, marks it failed when `failed`, and ends it. No-op without a span. */
export function endGuardSpan(
  span: GuardSpan | undefined,
  attributes: GuardSpanAttributes,
  failed = false,
): void {
  if (span === undefined) return;
  span.setAttributes(attributes);
  if (failed) span.setStatus(ERROR);
  span.end();
}

/**
 * What the evaluate-action request asked (tool, action, risk) and what Sentrail answered (decision,
 * ids). Never the payload, the agent id or anything else from the call's input.
 */
export function evaluationSpanAttributes(
  input: EvaluateActionInput | null,
  evaluation: EvaluateActionResult | null,
): GuardSpanAttributes {
  const attributes: GuardSpanAttributes = {};
  if (input) {
    attributes["sentrail.tool"] = input.tool;
    attributes["sentrail.action"] = input.action;
    if (input.riskLevel !== undefined) attributes["sentrail.risk_level"] = input.riskLevel;
  }
  if (evaluation) {
    attributes["sentrail.decision"] = evaluation.decision;
    attributes["sentrail.correlation_id"] = evaluation.correlationId;
    attributes["sentrail.audit_log_id"] = evaluation.auditLogId;
    if (evaluation.matchedPolicyId) attributes["sentrail.matched_policy_id"] = evaluation.matchedPolicyId;
    if (evaluation.decision === "require_approval") {
      attributes["sentrail.approval_request_id"] = evaluation.approvalRequestId;
    }
  }
  return attributes;
}

/** How the call ended: status, side effect, retry safety, and the ids the outcome carries. */
export function outcomeSpanAttributes(outcome: GuardOutcome<unknown>): GuardSpanAttributes {
  const attributes: GuardSpanAttributes = {
    "sentrail.outcome.status": outcome.status,
    "sentrail.outcome.side_effect": outcome.sideEffect,
    "sentrail.outcome.retry_safe": outcome.retrySafe,
  };
  if (outcome.decision !== null) attributes["sentrail.decision"] = outcome.decision;
  if (outcome.correlationId !== null) attributes["sentrail.correlation_id"] = outcome.correlationId;
  if (outcome.auditLogId !== null) attributes["sentrail.audit_log_id"] = outcome.auditLogId;
  if (outcome.matchedPolicyId !== null) attributes["sentrail.matched_policy_id"] = outcome.matchedPolicyId;
  if (outcome.approvalRequestId !== null) {
    attributes["sentrail.approval_request_id"] = outcome.approvalRequestId;
  }
  return attributes;
}
