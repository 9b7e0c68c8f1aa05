import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";

type CallOptions = Parameters<MockLanguageModelV3["doGenerate"]>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>;
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer P> ? P : never;

/** One model turn: text, or tool calls (`input` is serialised as the provider would send it). */
export type ScriptedTurn =
  | { text: string }
  | { toolCalls: Array<{ toolCallId: string; toolName: string; input: unknown }> };

/** What a turn can read of the call it answers: the tools offered and the tool choice, as a provider sees them. */
export type ScriptedCallOptions = CallOptions;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/**
 * A fake language model (the AI SDK's own `MockLanguageModelV3`, accepted by AI SDK 6 and 7) that plays
 * `turns` in order, for `generateText` and `streamText`, and records every call's options. A turn may
 * be a function of the call options, to play a provider that only calls tools it was offered. After
 * the last turn it answers "done".
 */
export function createScriptedModel(turns: Array<ScriptedTurn | ((options: CallOptions) => ScriptedTurn)>) {
  const calls: CallOptions[] = [];
  const next = (options: CallOptions): ScriptedTurn => {
    calls.push(options);
    const turn = turns[calls.length - 1] ?? { text: "done" };
    return typeof turn === "function" ? turn(options) : turn;
  };
  const content = (turn: ScriptedTurn): GenerateResult["content"] =>
    "text" in turn
      ? [{ type: "text", text: turn.text }]
      : turn.toolCalls.map((call) => ({
          type: "tool-call",
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          input: JSON.stringify(call.input),
        }));
  const finishReason = (turn: ScriptedTurn) =>
    ({ unified: "text" in turn ? "stop" : "tool-calls", raw: undefined }) as const;

  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      const turn = next(options);
      return { content: content(turn), finishReason: finishReason(turn), usage, warnings: [] };
    },
    doStream: async (options) => {
      const turn = next(options);
      const parts: StreamPart[] = [{ type: "stream-start", warnings: [] }];
      if ("text" in turn) {
        parts.push(
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: turn.text },
          { type: "text-end", id: "t" },
        );
      } else {
        for (const part of content(turn)) parts.push(part as StreamPart);
      }
      parts.push({ type: "finish", finishReason: finishReason(turn), usage });
      return { stream: convertArrayToReadableStream(parts) };
    },
  });
  /** Tool names the model was offered in each call. */
  const offeredTools = () => calls.map((call) => (call.tools ?? []).map((tool) => tool.name));
  return { model, calls, offeredTools };
}
