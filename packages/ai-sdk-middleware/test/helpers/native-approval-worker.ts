// One server instance of the cross-process native-approval tests: its own Sentrail client, its own
// gate (`approval: "native"`) and its own node-redis client on the shared Redis, one `generateText`
// with a scripted model, then it prints the result as one JSON line and exits.
// Usage: node --import tsx native-approval-worker.ts <json options>
// With SENTRAIL_AI_SDK_MAJOR=7 it runs on AI SDK 7 (the `ai-v7` devDependency), else on AI SDK 6.
import { appendFile } from "node:fs/promises";
import { createSentrailClient } from "@sentrail/client";
import { createRedisGuardStore } from "@sentrail/guard-store-redis";
import { createClient } from "redis";
import { z } from "zod";
import { createSentrailGate } from "../../src/create-sentrail-gate";

export interface NativeApprovalWorkerOptions {
  baseUrl: string;
  apiKey: string;
  redisUrl: string;
  keyPrefix: string;
  /** The refund tool appends the pid of the process that ran it here. */
  executionsFile: string;
  /** What the model answers, in order: a tool call or a text (then "done"). */
  turns: Array<{ text: string } | { toolCall: { toolCallId: string; toolName: string; input: unknown } }>;
  /** The first request's prompt, or the chat's messages of a later request. */
  prompt?: string;
  messages?: unknown[];
  /** Start `generateText` at this time (ms since epoch), so several workers submit at once. */
  startAt?: number;
}

/** What a worker prints. */
export interface NativeApprovalWorkerResult {
  /** The response messages (the assistant's tool call and approval request, or the tool results). */
  responseMessages: unknown[];
  /** Every content part of the last step (`tool-approval-request`, `text`, ...). */
  content: Array<{ type: string; approvalId?: string; toolCall?: { toolCallId: string } }>;
  text: string;
  /** The AI SDK major version the process ran on (AI SDK 7 exports `isStepCount`). */
  aiSdkMajor: 6 | 7;
}

const options = JSON.parse(process.argv[2] ?? "{}") as NativeApprovalWorkerOptions;
const isV7 = process.env.SENTRAIL_AI_SDK_MAJOR === "7";
// Dynamic imports: the tests' alias of `ai` to AI SDK 7 only exists inside vitest, not in this process.
const ai = (isV7 ? await import("ai-v7") : await import("ai")) as typeof import("ai");
const aiTest = (isV7 ? await import("ai-v7/test") : await import("ai/test")) as typeof import("ai/test");

const redis = createClient({ url: options.redisUrl });
redis.on("error", () => undefined);
await redis.connect();

const gate = createSentrailGate({
  client: createSentrailClient({ apiKey: options.apiKey, baseUrl: options.baseUrl }),
  agentId: "support-bot",
  approval: "native",
  store: createRedisGuardStore({ client: redis, keyPrefix: options.keyPrefix }),
  polling: { initialDelayMs: 50, maxDelayMs: 200 },
});

const tools = gate.tools({
  refund_order: ai.tool({
    description: "Refund an order",
    inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
    execute: async ({ orderId, amount }) => {
      await appendFile(options.executionsFile, `${process.pid}\n`);
      // Long enough that a concurrent submission reads the call while it is executing.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { refunded: orderId, amount, executedBy: process.pid };
    },
  }),
});

let turn = 0;
const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};
const model = new aiTest.MockLanguageModelV3({
  doGenerate: async () => {
    const next = options.turns[turn++] ?? { text: "done" };
    if ("text" in next) {
      return {
        content: [{ type: "text", text: next.text }],
        finishReason: { unified: "stop", raw: undefined },
        usage,
        warnings: [],
      };
    }
    const { toolCallId, toolName, input } = next.toolCall;
    return {
      content: [{ type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) }],
      finishReason: { unified: "tool-calls", raw: undefined },
      usage,
      warnings: [],
    };
  },
});

if (options.startAt !== undefined) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, (options.startAt ?? 0) - Date.now())));
}
const result = await ai.generateText({
  model,
  tools,
  ...(options.messages
    ? { messages: options.messages as import("ai").ModelMessage[] }
    : { prompt: options.prompt ?? "" }),
  ...(isV7 ? { toolApproval: gate.toolApproval } : {}),
});
const read = result as unknown as {
  responseMessages?: unknown[];
  response?: { messages: unknown[] };
  content: NativeApprovalWorkerResult["content"];
  text: string;
};
const printed: NativeApprovalWorkerResult = {
  responseMessages: read.responseMessages ?? read.response?.messages ?? [],
  content: read.content,
  text: read.text,
  aiSdkMajor: "isStepCount" in ai ? 7 : 6,
};
process.stdout.write(`${JSON.stringify(printed)}\n`);
await redis.quit();
