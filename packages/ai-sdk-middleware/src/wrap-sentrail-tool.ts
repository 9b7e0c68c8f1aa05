import type { SentrailGateRuntime } from "./create-sentrail-gate";
import {
  isSentrailToolNotExecuted,
  type SentrailNotExecutedMode,
  toAiSdkToolAnswer,
} from "./to-ai-sdk-tool-answer";

/** The parts of an AI SDK tool (v6 or v7) the gate reads; everything else is copied as is. */
export interface AiSdkToolLike {
  execute?: (input: unknown, options: AiSdkToolExecutionOptions) => unknown;
  needsApproval?:
    | boolean
    | ((
        input: unknown,
        options: { toolCallId: string; messages: unknown },
      ) => boolean | PromiseLike<boolean>);
  toModelOutput?: (options: { toolCallId: string; input: unknown; output: unknown }) => unknown;
}

/** The execution options both SDK versions pass (v6 adds `experimental_context`, v7 `context`). */
export interface AiSdkToolExecutionOptions {
  toolCallId: string;
  messages?: unknown;
  abortSignal?: AbortSignal;
  [key: string]: unknown;
}

/** How one tool is gated. */
export interface WrapSentrailToolSettings {
  approval: "wait" | "native";
  notExecuted: SentrailNotExecutedMode;
  /** Shadow tools never ask for approval: they run at once and Sentrail's answer is only reported. */
  shadow: boolean;
}

/**
 * Returns a copy of one AI SDK tool whose `execute` runs through the gate's guard: evaluated, run at
 * most once per tool-call id and arguments, and answered in the AI SDK's terms by
 * `toAiSdkToolAnswer`. With native approvals, `needsApproval` asks Sentrail first (and then the tool's
 * own `needsApproval`, if any). A tool without `execute` (client-side or provider tools) is returned as
 * is. A `toModelOutput` of the tool is kept for its own results and skipped for Sentrail's
 * "not executed" result, which reaches the model as JSON.
 *
 * An `execute` that returns an async iterable (preliminary results) is drained inside the guard and
 * answers with its last value, so "executed" means it ran to the end.
 *
 * @example
 * ```ts
 * const gated = wrapSentrailTool(runtime, "refund_order", refundOrder, { approval: "wait", notExecuted: "result", shadow: false });
 * ```
 */
export function wrapSentrailTool(
  runtime: SentrailGateRuntime,
  toolName: string,
  tool: AiSdkToolLike,
  settings: WrapSentrailToolSettings,
): object {
  const original = tool.execute;
  if (typeof original !== "function") return tool;
  const wrapped: AiSdkToolLike = { ...tool };

  const native = settings.approval === "native" && !settings.shadow;
  wrapped.execute = async (input, options) => {
    // Native mode: the approval check already asked Sentrail; the guard obeys that decision.
    const evaluate = native ? await runtime.evaluateFor(toolName, input, options?.toolCallId) : undefined;
    const outcome = await runtime.guard.run(
      { toolName, input, toolCallId: options?.toolCallId },
      async ({ signal }) => drain(await original.call(tool, input, { ...options, abortSignal: signal })),
      { signal: options?.abortSignal, evaluate },
    );
    const answer = toAiSdkToolAnswer({ stage: "execute", outcome, notExecuted: settings.notExecuted });
    if (answer.stage === "execute" && answer.kind === "throw") throw answer.error;
    return answer.stage === "execute" && answer.kind === "return" ? answer.value : undefined;
  };

  if (native) {
    const own = tool.needsApproval;
    const ownNeedsApproval = async (input: unknown, toolCallId: string, messages: unknown) =>
      typeof own === "function" ? own(input, { toolCallId, messages: messages ?? [] }) : own === true;
    const approve = async (input: unknown, toolCallId: string, messages: unknown) => {
      const decided = await runtime.decideApproval(toolName, input, toolCallId);
      if (decided.needsApproval) return decided.status;
      return (await ownNeedsApproval(input, toolCallId, messages))
        ? { type: "user-approval" as const }
        : undefined;
    };
    wrapped.needsApproval = async (input, options) =>
      (await approve(input, options.toolCallId, options.messages)) !== undefined;
    runtime.register(toolName, wrapped, approve);
  } else {
    runtime.register(toolName, wrapped);
  }

  const toModelOutput = tool.toModelOutput;
  if (typeof toModelOutput === "function") {
    wrapped.toModelOutput = (options) =>
      isSentrailToolNotExecuted(options.output)
        ? { type: "json", value: options.output }
        : toModelOutput.call(tool, options);
  }

  return wrapped;
}

/** Runs a streaming `execute` to the end inside the guard; other results pass through. */
async function drain(result: unknown): Promise<unknown> {
  if (typeof result !== "object" || result === null || !(Symbol.asyncIterator in result)) return result;
  let last: unknown;
  for await (const value of result as AsyncIterable<unknown>) last = value;
  return last;
}
