import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";

type CallOptions = Parameters<MockLanguageModelV3["doGenerate"]>[0];
type Content = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>["content"];
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer P> ? P : never;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** One planned tool call: made when `toolName` is offered and has not been called yet. */
export interface PlannedCall {
  toolName: string;
  input: Record<string, unknown>;
}

/**
 * A fake support model built on the AI SDK's own `MockLanguageModelV3` (no LLM, no network). It makes
 * the planned calls one per turn, in order, skipping tools it is no longer offered; then it answers
 * with a summary of what the tool results in its prompt said, so the story can check that the model
 * was told the truth about each call.
 */
export function createSupportModel(plan: PlannedCall[]) {
  const offered: string[][] = [];
  let next = 0;
  let callNumber = 0;

  const respond = (options: CallOptions): Content => {
    const tools = (options.tools ?? []).map((tool) => tool.name);
    offered.push(tools);
    while (next < plan.length && !tools.includes(plan[next]!.toolName)) next++;
    const call = plan[next];
    if (call) {
      next++;
      callNumber++;
      return [
        {
          type: "tool-call",
          toolCallId: `call_${callNumber}`,
          toolName: call.toolName,
          input: JSON.stringify(call.input),
        },
      ];
    }
    return [{ type: "text", text: summarise(options) }];
  };

  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      const content = respond(options);
      const calledTool = content.some((part) => part.type === "tool-call");
      return {
        content,
        finishReason: { unified: calledTool ? "tool-calls" : "stop", raw: undefined },
        usage,
        warnings: [],
      };
    },
    doStream: async (options) => {
      const content = respond(options);
      const parts: StreamPart[] = [{ type: "stream-start", warnings: [] }];
      for (const part of content) {
        if (part.type === "text") {
          parts.push(
            { type: "text-start", id: "t" },
            { type: "text-delta", id: "t", delta: part.text },
            { type: "text-end", id: "t" },
          );
        } else parts.push(part as StreamPart);
      }
      const calledTool = content.some((part) => part.type === "tool-call");
      parts.push({
        type: "finish",
        finishReason: { unified: calledTool ? "tool-calls" : "stop", raw: undefined },
        usage,
      });
      return { stream: convertArrayToReadableStream(parts) };
    },
  });
  return { model, offered };
}

/** "tool: what happened" for every tool result in the prompt. */
function summarise(options: CallOptions): string {
  const lines: string[] = [];
  for (const message of options.prompt) {
    if (message.role !== "tool") continue;
    for (const part of message.content) {
      if (part.type !== "tool-result") continue;
      const value = (part.output as { type: string; value?: unknown }).value as
        | Record<string, unknown>
        | undefined;
      if (value?.executed === false)
        lines.push(`${part.toolName}: not done (${value.status}: ${value.reason})`);
      else lines.push(`${part.toolName}: done ${JSON.stringify(value)}`);
    }
  }
  return lines.join("\n");
}
