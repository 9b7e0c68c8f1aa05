import type { EvaluateActionInput } from "../sentrail-api-types";
import type { GuardCall } from "./guard-call";
import { inferToolRiskLevel } from "./infer-tool-risk-level";

/** Fields of the evaluate-action request for a tool, fixed or computed from the call. */
export type GuardEvaluationMapping =
  | Partial<EvaluateActionInput>
  | ((call: GuardCall) => Partial<EvaluateActionInput>);

/**
 * Maps a tool call to the evaluate-action request, exactly as the guard does: adapters that must ask
 * Sentrail before `guard.run` (the AI SDK's approval check) build the same request with it. The default, for a tool with no mapping:
 * `tool: "internal_api"` (the contract's tool for APIs Sentrail does not proxy), `action` = the tool
 * name, `riskLevel` inferred from the name (§6.3, {@link inferToolRiskLevel}), `payload` = the input
 * (a non-object input is wrapped as `{ input }`), `agentId` = the call's or the guard's. A mapping
 * overrides any of these; fields it sets to `undefined` are left out.
 *
 * Throws whatever a mapping function throws (the guard then fails closed).
 *
 * @example
 * ```ts
 * toGuardEvaluationInput({ toolName: "list_invoices", input: { month: "2025-01" } }, undefined, undefined);
 * // => { tool: "internal_api", action: "list_invoices", riskLevel: "low", payload: { month: "2025-01" } }
 * ```
 */
export function toGuardEvaluationInput(
  call: GuardCall,
  mapping: GuardEvaluationMapping | undefined,
  agentId: string | undefined,
): EvaluateActionInput {
  const input: EvaluateActionInput = {
    tool: "internal_api",
    action: call.toolName,
    riskLevel: inferToolRiskLevel(call.toolName),
  };
  const payload = toPayload(call.input);
  if (payload !== undefined) input.payload = payload;
  const effectiveAgentId = call.agentId ?? agentId;
  if (effectiveAgentId !== undefined) input.agentId = effectiveAgentId;
  const overrides = typeof mapping === "function" ? mapping(call) : mapping;
  if (overrides) {
    for (const [name, value] of Object.entries(overrides) as Array<[keyof EvaluateActionInput, unknown]>) {
      if (value === undefined) delete input[name];
      else (input as unknown as Record<string, unknown>)[name] = value;
    }
  }
  return input;
}

function toPayload(input: unknown): Record<string, unknown> | undefined {
  if (input === undefined) return undefined;
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const prototype = Object.getPrototypeOf(input);
    if (prototype === Object.prototype || prototype === null) return input as Record<string, unknown>;
  }
  return { input };
}
