import { MockLanguageModelV3 } from "ai/test";

type CallOptions = Parameters<MockLanguageModelV3["doGenerate"]>[0];
type Content = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>["content"];

/** One tool call the fake model will make, with the id the AI SDK (and Sentrail's exactly-once registry) sees. */
export interface PlannedToolCall {
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/**
 * A fake model on the AI SDK's own `MockLanguageModelV3` (`ai/test`): no LLM, no key, no network. Each
 * turn makes the next planned tool call; when the plan is done it answers with one line per tool result
 * it read (`read_file: done` / `push_to_main: not done (blocked: …)`), so the story can check what the
 * model was told.
 *
 * @example
 * ```ts
 * const model = createScriptedLanguageModel([{ toolCallId: "call_1", toolName: "read_file", input: { path: "README.md" } }]);
 * const result = await generateText({ model, tools, stopWhen: stepCountIs(3), prompt: "Read the README" });
 * ```
 */
export function createScriptedLanguageModel(plan: readonly PlannedToolCall[]): MockLanguageModelV3 {
  let next = 0;
  return new MockLanguageModelV3({
    doGenerate: async (options) => {
      const call = plan[next];
      next++;
      const content: Content = call
        ? [
            {
              type: "tool-call",
              toolCallId: call.toolCallId,
              toolName: call.toolName,
              input: JSON.stringify(call.input),
            },
          ]
        : [{ type: "text", text: summarise(options) }];
      return {
        content,
        finishReason: { unified: call ? "tool-calls" : "stop", raw: undefined },
        usage,
        warnings: [],
      };
    },
  });
}

function summarise(options: CallOptions): string {
  const lines: string[] = [];
  for (const message of options.prompt) {
    if (message.role !== "tool") continue;
    for (const part of message.content) {
      if (part.type !== "tool-result") continue;
      const value = (part.output as { value?: unknown }).value as Record<string, unknown> | undefined;
      lines.push(
        value?.executed === false
          ? `${part.toolName}: not done (${String(value.status)}: ${String(value.reason)})`
          : `${part.toolName}: done`,
      );
    }
  }
  return lines.join("\n");
}
