import { createSentrailGate, type SentrailGate, type SentrailGateOptions } from "./create-sentrail-gate";

/** Options of {@link withSentrail}: a gate's options, or an existing `gate` to share its guard and kill-switch view. */
export type WithSentrailOptions = SentrailGateOptions | { gate: SentrailGate };

/**
 * Gates an AI SDK tool set with Sentrail in one line: returns the same tools, each `execute` evaluated
 * by Sentrail first and run at most once per tool call. Works with `generateText`, `streamText`,
 * `ToolLoopAgent` and `useChat` routes on AI SDK 6 and 7; tools without `execute` pass through.
 *
 * A call that does not run returns a result the model can read (`executed: false`, `status`,
 * `retrySafe`, `reason`, `message`) instead of throwing into the loop; `notExecuted: "throw"` throws a
 * `SentrailGuardError` instead. Fails closed: if Sentrail cannot be reached, the tool does not run.
 *
 * Each call with options creates a gate; the call records (exactly once, native approvals) are shared
 * per client. For the kill-switch middleware or the v7 `toolApproval`, create the gate yourself with
 * {@link createSentrailGate} and pass `{ gate }`.
 *
 * @example
 * ```ts
 * import { generateText, stepCountIs } from "ai";
 * import { withSentrail } from "@sentrail/ai-sdk-middleware";
 *
 * const result = await generateText({
 *   model,
 *   tools: withSentrail({ searchDocs, deleteBranch }, { client: sentrail }),
 *   stopWhen: stepCountIs(5),
 *   prompt: "Clean up merged branches",
 * });
 * ```
 */
export function withSentrail<TOOLS extends Record<string, object>>(
  tools: TOOLS,
  options: WithSentrailOptions,
): TOOLS {
  const gate = "gate" in options ? options.gate : createSentrailGate(options);
  return gate.tools(tools);
}
