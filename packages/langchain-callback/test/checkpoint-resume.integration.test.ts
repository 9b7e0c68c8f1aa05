import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { Command, InMemoryStore, interrupt, MemorySaver } from "@langchain/langgraph";
import type { GuardOptions } from "@sentrail/client";
import { createAgent } from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLangGraphGuardStore } from "../src/create-lang-graph-guard-store";
import { createSentrailMiddleware } from "../src/create-sentrail-middleware";
import { SentrailCallbackHandler } from "../src/sentrail-callback-handler";
import { createRecordingTools, setupSentrailFixture } from "./setup-sentrail-fixture";

const fixture = setupSentrailFixture();

/**
 * One model turn with two tool calls: an approved refund, and a question to a person that pauses the
 * graph (`interrupt()`) only after the refund has run. Resuming re-runs the tools node (all calls with
 * `version: "v1"`, the interrupted one with "v2"); the refund must not run again.
 */
function story(version: "v1" | "v2") {
  const tools = createRecordingTools();
  let refunded: () => void = () => undefined;
  const refundDone = new Promise<void>((resolve) => {
    refunded = resolve;
  });
  const refundInvoice = tool(
    async (args) => {
      const result = await tools.refundInvoice.invoke(args);
      refunded();
      return result;
    },
    { name: "refund_invoice", description: "Refund an invoice", schema: z.object({ invoiceId: z.string() }) },
  );
  const askHuman = tool(
    async ({ question }) => {
      await refundDone;
      const answer = interrupt({ question });
      return `human said ${String(answer)}`;
    },
    { name: "ask_human", description: "Ask a person", schema: z.object({ question: z.string() }) },
  );
  const model = fakeModel()
    .respondWithTools([
      { name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_refund" },
      { name: "ask_human", args: { question: "Email the customer?" }, id: "call_ask" },
    ])
    .respond(new AIMessage("done"));
  const checkpointer = new MemorySaver();
  const guarded: string[] = [];
  const makeAgent = (options: GuardOptions) =>
    createAgent({
      model,
      tools: [refundInvoice, askHuman],
      middleware: [
        createSentrailMiddleware({
          ...options,
          onOutcome: ({ toolCall }) => guarded.push(toolCall.id ?? ""),
        }),
      ],
      checkpointer,
      version,
    });
  return { tools, makeAgent, guarded };
}

const config = { configurable: { thread_id: "thread-1" } };

describe("resuming a checkpointed agent after an interrupt", () => {
  it.each(["v1", "v2"] as const)(
    "does not run an approved call twice (tool behaviour %s)",
    async (version) => {
      const { tools, makeAgent, guarded } = story(version);
      const agent = makeAgent(fixture.guardOptions());
      const first = agent.invoke({ messages: [new HumanMessage("refund in_1")] }, config);
      const [approvalRequestId] = await fixture.waiting(1);
      await fixture.approve(approvalRequestId!);
      const paused = await first;
      expect(paused.__interrupt__?.[0]?.value).toEqual({ question: "Email the customer?" });
      expect(tools.ran("refund_invoice")).toBe(1);

      const resumed = await agent.invoke(new Command({ resume: "yes" }), config);
      expect(tools.ran("refund_invoice")).toBe(1);
      const messages = resumed.messages.filter((message) => ToolMessage.isInstance(message)) as ToolMessage[];
      expect(messages.find((message) => message.tool_call_id === "call_refund")?.content).toBe(
        "refunded in_1",
      );
      expect(messages.find((message) => message.tool_call_id === "call_ask")?.content).toBe("human said yes");
      // v1 re-ran the whole tools node (the refund reached the middleware again); v2 only the paused task.
      const refundRuns = guarded.filter((id) => id === "call_refund").length;
      expect(refundRuns).toBe(version === "v1" ? 2 : 1);
      // One evaluation each; resuming asked Sentrail nothing new.
      expect(
        fixture
          .evaluationRows()
          .map((row) => row.action)
          .sort(),
      ).toEqual(["ask_human", "refund_invoice"]);
      expect(fixture.sentrail.control.state().approvalRequests).toHaveLength(1);
    },
  );

  it("does not run it twice when another process resumes, given a persistent guard store", async () => {
    const { tools, makeAgent } = story("v1");
    const store = new InMemoryStore(); // stands in for PostgresStore: outlives the "process" below
    const first = makeAgent(fixture.guardOptions({ store: createLangGraphGuardStore(store) })).invoke(
      { messages: [new HumanMessage("refund in_1")] },
      config,
    );
    const [approvalRequestId] = await fixture.waiting(1);
    await fixture.approve(approvalRequestId!);
    await first;
    expect(tools.ran("refund_invoice")).toBe(1);

    // A new guard and middleware, as after a restart: only the checkpointer and the store survive.
    const restarted = makeAgent(fixture.guardOptions({ store: createLangGraphGuardStore(store) }));
    const resumed = await restarted.invoke(new Command({ resume: "yes" }), config);
    expect(tools.ran("refund_invoice")).toBe(1);
    const refund = resumed.messages.find(
      (message) => ToolMessage.isInstance(message) && message.tool_call_id === "call_refund",
    );
    expect(refund?.content).toBe("refunded in_1");
    expect(fixture.sentrail.control.state().approvalRequests).toHaveLength(1);
  });

  it("lets the callback handler's allowed tool pause with interrupt() and finish on resume, asked once", async () => {
    const tools = createRecordingTools();
    const askHuman = tool(
      async ({ question }) => {
        const answer = interrupt({ question });
        tools.executions.push({ tool: "ask_human", args: { question, answer } });
        return `human said ${String(answer)}`;
      },
      { name: "ask_human", description: "Ask a person", schema: z.object({ question: z.string() }) },
    );
    const model = fakeModel()
      .respondWithTools([{ name: "ask_human", args: { question: "Ship it?" }, id: "call_ask" }])
      .respond(new AIMessage("done"));
    const agent = createAgent({ model, tools: [askHuman], checkpointer: new MemorySaver() });
    const handler = new SentrailCallbackHandler(fixture.guardOptions());
    const paused = await agent.invoke(
      { messages: [new HumanMessage("ask")] },
      { ...config, callbacks: [handler] },
    );
    expect(paused.__interrupt__?.[0]?.value).toEqual({ question: "Ship it?" });
    const resumed = await agent.invoke(new Command({ resume: "yes" }), { ...config, callbacks: [handler] });
    const answer = resumed.messages.find((message) => ToolMessage.isInstance(message));
    expect(answer?.content).toBe("human said yes");
    expect(tools.ran("ask_human")).toBe(1);
    expect(fixture.evaluationRows()).toHaveLength(1);
  });
});
