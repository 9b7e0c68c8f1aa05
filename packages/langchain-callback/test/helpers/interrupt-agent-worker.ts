// One "process" of the interrupt-mode multi-process tests: a LangChain agent (fake tool-calling model)
// with the Sentrail middleware in `approval: "interrupt"` mode, whose guard store and checkpointer are
// on the shared Redis. It runs one step on a thread (start it, resume it with a Command, or re-invoke
// it), prints what happened as one JSON line and exits: nothing but Redis and Sentrail outlives it.
// Usage: node --import tsx interrupt-agent-worker.ts <json options>
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { Command } from "@langchain/langgraph";
import { createGuard, createSentrailClient } from "@sentrail/client";
import { createRedisGuardStore } from "@sentrail/guard-store-redis";
import { createAgent } from "langchain";
import { z } from "zod";
import { createSentrailMiddleware } from "../../src/create-sentrail-middleware";
import { createCheckpointRedisClient, RedisCheckpointSaver } from "./redis-checkpoint-saver";
import { executionsKey } from "./run-interrupt-agent-worker";

export interface InterruptAgentWorkerOptions {
  baseUrl: string;
  apiKey: string;
  redisUrl: string;
  /** Everything this test keeps in Redis starts with it (guard records, checkpoints, the executions list). */
  keyPrefix: string;
  threadId: string;
  /**
   * `start`: ask the model, which calls `refund_invoice` (the policy asks a reviewer);
   * `resume`: `invoke(new Command({ resume }))`; `reinvoke`: `invoke(null)`.
   */
  step: { kind: "start" } | { kind: "resume"; resume: unknown } | { kind: "reinvoke" };
  /**
   * Start the step only once `parties` workers are ready (each counts itself in the Redis key `key`),
   * so that several workers race on it however long each took to start.
   */
  barrier?: { key: string; parties: number };
}

/** What a worker prints. */
export interface InterruptAgentWorkerReport {
  pid: number;
  /** The interrupt values the run ended with (`__interrupt__`). */
  interrupts: unknown[];
  /** The thread's tool messages after the step. */
  toolMessages: Array<{ toolCallId: string; content: string; status: string | undefined; sentrail: unknown }>;
  /** The tool messages the model read in this process (its input on each call). */
  modelRead: Array<{ toolCallId: string; content: string }>;
  /** The last message of the thread after the step. */
  lastMessage: string;
}

const options = JSON.parse(process.argv[2] ?? "{}") as InterruptAgentWorkerOptions;
if (typeof options.redisUrl !== "string") throw new Error("interrupt-agent-worker: pass the options as JSON");
const redis = createCheckpointRedisClient(options.redisUrl);
// Without a listener a lost connection would crash the worker; the store and saver reject on their own.
redis.on("error", () => undefined);
await redis.connect();

const refundInvoice = tool(
  async ({ invoiceId }) => {
    await redis.rPush(executionsKey(options.keyPrefix), String(process.pid));
    // Long enough that a worker resuming at the same moment finds the call executing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return `refunded ${invoiceId}`;
  },
  { name: "refund_invoice", description: "Refund an invoice", schema: z.object({ invoiceId: z.string() }) },
);

const model =
  options.step.kind === "start"
    ? fakeModel().respondWithTools([
        { name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_refund" },
      ])
    : fakeModel().respond(new AIMessage(`Done (worker ${process.pid}).`));

const guard = createGuard({
  client: createSentrailClient({ apiKey: options.apiKey, baseUrl: options.baseUrl }),
  agentId: "interrupt-workers",
  store: createRedisGuardStore({ client: redis, keyPrefix: `${options.keyPrefix}guard:` }),
  polling: { initialDelayMs: 20, maxDelayMs: 100 },
});
const agent = createAgent({
  model,
  tools: [refundInvoice],
  middleware: [createSentrailMiddleware({ guard, approval: "interrupt" })],
  checkpointer: new RedisCheckpointSaver(redis, `${options.keyPrefix}checkpoint:`),
});

if (options.barrier) {
  const { key, parties } = options.barrier;
  await redis.incr(key);
  const deadline = Date.now() + 30_000;
  while (Number(await redis.get(key)) < parties) {
    if (Date.now() > deadline)
      throw new Error(`interrupt-agent-worker: fewer than ${parties} workers started`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
const config = { configurable: { thread_id: options.threadId } };
const { step } = options;
const result =
  step.kind === "start"
    ? await agent.invoke({ messages: [new HumanMessage("refund in_1")] }, config)
    : await agent.invoke(step.kind === "resume" ? new Command({ resume: step.resume }) : null, config);

const text = (content: unknown) => (typeof content === "string" ? content : JSON.stringify(content));
const report: InterruptAgentWorkerReport = {
  pid: process.pid,
  interrupts: (result.__interrupt__ ?? []).map((entry: { value?: unknown }) => entry.value),
  toolMessages: result.messages.filter(ToolMessage.isInstance).map((message: ToolMessage) => ({
    toolCallId: message.tool_call_id,
    content: text(message.content),
    status: message.status,
    sentrail: message.response_metadata?.sentrail,
  })),
  modelRead: model.calls.flatMap((call) =>
    call.messages.filter(ToolMessage.isInstance).map((message) => ({
      toolCallId: message.tool_call_id,
      content: text(message.content),
    })),
  ),
  lastMessage: text(result.messages.at(-1)?.content),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
await redis.quit();
