import type { SentrailKillSwitchView } from "./create-kill-switch-tracker";
import type { SentrailGate } from "./create-sentrail-gate";

/** The parts of the language-model call options the filter reads (LanguageModelV3/V4 call options). */
export interface ToolFilterCallOptions {
  tools?: ReadonlyArray<{ type: string; name: string }>;
  toolChoice?: { type: string; toolName?: string };
}

/** Options of {@link createSentrailToolFilterMiddleware}. */
export interface SentrailToolFilterMiddlewareOptions {
  /** The gate whose tools are filtered and whose kill-switch view decides. */
  gate: SentrailGate;
  /** Called when tools are hidden from a model call, e.g. to log it. */
  onHidden?: (event: { toolNames: string[]; killSwitch: SentrailKillSwitchView }) => void;
}

/** A language-model middleware for `wrapLanguageModel` (spec v3; AI SDK 7 accepts it too). */
export interface SentrailToolFilterMiddleware {
  readonly specificationVersion: "v3";
  transformParams<PARAMS extends ToolFilterCallOptions>(options: {
    type: "generate" | "stream";
    params: PARAMS;
    model: unknown;
  }): Promise<PARAMS>;
}

/**
 * A `wrapLanguageModel` middleware that removes the gate's tools from the model's view while
 * Sentrail's kill switch is on (all gated tools) or their Sentrail tool is paused (`internal_api` by
 * default, or the tool's `evaluation.tool`), so the model stops asking for calls that cannot run.
 * Tools the gate does not know are never touched; when no tool is left, `tools` and `toolChoice` are
 * removed.
 *
 * A tool the caller forces is never hidden: the AI SDK checks the model's answer against the caller's
 * own `toolChoice` and throws `AI_ToolChoiceViolationError` when the forced call is missing, whatever
 * the model was offered. So `toolChoice: { type: "tool", toolName }` keeps that tool (and the choice),
 * and `toolChoice: "required"` keeps the tools when hiding them would leave none. The forced call then
 * goes through `execute` like any other: Sentrail refuses it while the switch is on (the model reads
 * `status: "blocked"`, reason `Kill switch is active` or `Tool <tool> is paused`), or lets it run if the
 * view was stale and the switch is already off.
 *
 * How it learns the state (agents cannot read the kill switch endpoint): from the gate's evaluations
 * and approval polls, refreshed by one status poll when older than `killSwitchTtlMs` (30 s default).
 * So it can lag by up to that TTL and knows nothing before the first evaluation. It never enforces:
 * a call that reaches `execute` is still decided by Sentrail. Never throws; with no view it passes
 * the call options through unchanged.
 *
 * @example
 * ```ts
 * import { wrapLanguageModel } from "ai";
 * import { createSentrailToolFilterMiddleware } from "@sentrail/ai-sdk-middleware";
 *
 * const model = wrapLanguageModel({ model: openai("gpt-5"), middleware: createSentrailToolFilterMiddleware({ gate }) });
 * ```
 */
export function createSentrailToolFilterMiddleware(
  options: SentrailToolFilterMiddlewareOptions,
): SentrailToolFilterMiddleware {
  const { gate } = options;
  return {
    specificationVersion: "v3",
    async transformParams<PARAMS extends ToolFilterCallOptions>({ params }: { params: PARAMS }) {
      if (!params.tools || params.tools.length === 0) return params;
      let view: SentrailKillSwitchView;
      try {
        view = await gate.killSwitch();
      } catch {
        return params;
      }
      if (!view.global && view.toolsPaused.length === 0) return params;
      const forced = params.toolChoice?.type === "tool" ? params.toolChoice.toolName : undefined;
      const hidden = params.tools
        .filter((tool) => {
          if (tool.name === forced) return false;
          const sentrailTool = gate.sentrailToolOf(tool.name);
          return sentrailTool !== undefined && (view.global || view.toolsPaused.includes(sentrailTool));
        })
        .map((tool) => tool.name);
      if (hidden.length === 0) return params;
      const tools = params.tools.filter((tool) => !hidden.includes(tool.name));
      // "required" with nothing left to call would make the SDK throw: let Sentrail refuse the call instead.
      if (tools.length === 0 && params.toolChoice?.type === "required") return params;
      try {
        options.onHidden?.({ toolNames: hidden, killSwitch: view });
      } catch {
        // An observer must not break the model call.
      }
      const next: ToolFilterCallOptions = { ...params, tools };
      if (tools.length === 0) {
        delete next.tools;
        delete next.toolChoice;
      }
      return next as PARAMS;
    },
  };
}
