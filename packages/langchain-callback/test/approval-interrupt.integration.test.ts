// `createSentrailMiddleware({ approval: "interrupt" })` in a real agent: a require_approval pauses the
// graph with a LangGraph interrupt, the "process" goes away, and a new agent, middleware and guard that
// share only the checkpointer and the LangGraph store apply the reviewer's decision on resume.
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { Command, InMemoryStore, interrupt, MemorySaver } from "@langchain/langgraph";
import { createAgent, humanInTheLoopMiddleware } from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLangGraphGuardStore } from "../src/create-lang-graph-guard-store";
import type { SentrailApprovalInterrupt } from "../src/create-sentrail-approval-interrupt";
import { createSentrailMiddleware } from "../src/create-sentrail-middleware";
import { isSentrailApprovalInterrupt } from "../src/is-sentrail-approval-interrupt";
import { createRecordingTools, setupSentrailFixture } from "./setup-sentrail-fixture";

const fixture = setupSentrailFixture();

/** Fails the test instead of hanging it (each story waits on LangGraph and the mock only). */
const TIMEOUT_MS = 15_000;

const config = { configurable: { thread_id: "thread-approval" } };
const refundCall = { name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_refund" };
const askRefund = () => new HumanMessage("refund in_1");

type AgentTools = Parameters<typeof createAgent>[0]["tools"];
type AgentMiddleware = NonNullable<Parameters<typeof createAgent>[0]["middleware"]>;

/**
 * What survives a restart (the checkpointer and the LangGraph store: in production a Postgres saver
 * and store), and a factory for one "process": its own model, middleware and guard.
 */
function deployment(tools: AgentTools) {
  const checkpointer = new MemorySaver();
  const store = new InMemoryStore();
  return {
    checkpointer,
    store,
    start(
      model: ReturnType<typeof fakeModel>,
      options: { persistentGuardStore?: boolean; before?: AgentMiddleware; after?: AgentMiddleware } = {},
    ) {
      const guardOptions = fixture.guardOptions(
        options.persistentGuardStore === false ? {} : { store: createLangGraphGuardStore(store) },
      );
      return createAgent({
        model,
        tools,
        middleware: [
          ...(options.before ?? []),
          createSentrailMiddleware({ ...guardOptions, approval: "interrupt" }),
          ...(options.after ?? []),
        ],
        checkpointer,
        store,
      });
    },
  };
}

function sentrailInterrupt(result: {
  __interrupt__?: Array<{ value?: unknown }>;
}): SentrailApprovalInterrupt {
  const values = (result.__interrupt__ ?? []).map((entry) => entry.value);
  expect(values).toHaveLength(1);
  const [value] = values;
  if (!isSentrailApprovalInterrupt(value))
    throw new Error(`not a Sentrail interrupt: ${JSON.stringify(value)}`);
  return value;
}

function toolMessages(result: { messages: unknown[] }): ToolMessage[] {
  return result.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
}

const approvalRequests = () => fixture.sentrail.control.state().approvalRequests;

describe('createSentrailMiddleware({ approval: "interrupt" })', () => {
  it(
    "pauses with Sentrail's reason and approval id, and a restarted process runs the approved call exactly once",
    async () => {
      const tools = createRecordingTools();
      const app = deployment(tools.all);
      const paused = await app
        .start(fakeModel().respondWithTools([refundCall]))
        .invoke({ messages: [askRefund()] }, config);

      const value = sentrailInterrupt(paused);
      const [request] = approvalRequests();
      expect(value).toMatchObject({
        type: "sentrail_approval",
        toolName: "refund_invoice",
        toolCallId: "call_refund",
        args: { invoiceId: "in_1" },
        reason: expect.stringContaining("Approve refunds"),
        approvalRequestId: request?.id,
        handle: { type: "sentrail.guard.approval", toolName: "refund_invoice" },
      });
      expect(JSON.parse(JSON.stringify(value))).toEqual(value);
      expect(tools.ran("refund_invoice")).toBe(0);

      await fixture.approve(value.approvalRequestId);

      // A new process: new model, middleware and guard; only the checkpointer and the store survive.
      const model = fakeModel().respond(new AIMessage("Refunded."));
      const restarted = app.start(model);
      const resumed = await restarted.invoke(new Command({ resume: "reviewed" }), config);
      expect(resumed.__interrupt__).toBeUndefined();
      expect(tools.ran("refund_invoice")).toBe(1);
      const refund = toolMessages(resumed).find((message) => message.tool_call_id === "call_refund");
      expect(refund?.content).toBe("refunded in_1");
      expect(refund?.response_metadata.sentrail).toMatchObject({
        status: "executed",
        approvalRequestId: value.approvalRequestId,
      });
      expect(resumed.messages.at(-1)?.content).toBe("Refunded.");

      // Resuming or re-invoking the finished thread, in yet another process, runs nothing again.
      const again = app.start(fakeModel().respond(new AIMessage("Nothing to do.")));
      await again.invoke(new Command({ resume: value }), config);
      await again.invoke(null, config);
      expect(tools.ran("refund_invoice")).toBe(1);
      expect(approvalRequests()).toHaveLength(1);
      expect(fixture.evaluationRows()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "takes over the same approval from the handle in the resume value when the guard store did not survive",
    async () => {
      const tools = createRecordingTools();
      const app = deployment(tools.all);
      const paused = await app
        .start(fakeModel().respondWithTools([refundCall]), { persistentGuardStore: false })
        .invoke({ messages: [askRefund()] }, config);
      const value = sentrailInterrupt(paused);
      await fixture.approve(value.approvalRequestId);

      // The restarted guard keeps its records in memory: it has never seen this call.
      const restarted = app.start(fakeModel().respond(new AIMessage("Refunded.")), {
        persistentGuardStore: false,
      });
      const resumed = await restarted.invoke(new Command({ resume: value }), config);
      expect(tools.ran("refund_invoice")).toBe(1);
      expect(toolMessages(resumed)[0]?.content).toBe("refunded in_1");
      expect(approvalRequests()).toHaveLength(1);
      expect(fixture.evaluationRows()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "answers the model with a refusal when the reviewer denied, and never runs the tool",
    async () => {
      const tools = createRecordingTools();
      const app = deployment(tools.all);
      const value = sentrailInterrupt(
        await app
          .start(fakeModel().respondWithTools([refundCall]))
          .invoke({ messages: [askRefund()] }, config),
      );
      await fixture.deny(value.approvalRequestId);

      const model = fakeModel().respond(new AIMessage("The refund was denied."));
      const resumed = await app.start(model).invoke(new Command({ resume: value }), config);
      expect(tools.ran("refund_invoice")).toBe(0);
      const [refusal] = toolMessages(resumed);
      expect(refusal?.status).toBe("error");
      expect(JSON.parse(String(refusal?.content))).toMatchObject({
        executed: false,
        status: "denied",
        retrySafe: false,
      });
      // The model's next turn read the refusal.
      const read = model.calls[0]?.messages.find(
        (message) => ToolMessage.isInstance(message) && message.tool_call_id === "call_refund",
      );
      expect(String(read?.content)).toContain('"status":"denied"');
      expect(approvalRequests()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "interrupts again while the approval is still open, without a second approval request",
    async () => {
      const tools = createRecordingTools();
      const app = deployment(tools.all);
      const first = sentrailInterrupt(
        await app
          .start(fakeModel().respondWithTools([refundCall]))
          .invoke({ messages: [askRefund()] }, config),
      );

      // Resumed before anyone decided, twice (once with the value, once with anything else).
      const second = sentrailInterrupt(
        await app.start(fakeModel()).invoke(new Command({ resume: first }), config),
      );
      const third = sentrailInterrupt(
        await app.start(fakeModel()).invoke(new Command({ resume: "any news?" }), config),
      );
      expect(second.approvalRequestId).toBe(first.approvalRequestId);
      expect(third.approvalRequestId).toBe(first.approvalRequestId);
      expect(tools.ran("refund_invoice")).toBe(0);
      expect(approvalRequests()).toHaveLength(1);
      expect(fixture.evaluationRows()).toHaveLength(1);

      // Approved later: simply re-invoking the thread (no Command) applies the decision.
      await fixture.approve(first.approvalRequestId);
      const resumed = await app.start(fakeModel().respond(new AIMessage("Refunded."))).invoke(null, config);
      expect(resumed.__interrupt__).toBeUndefined();
      expect(tools.ran("refund_invoice")).toBe(1);
      expect(approvalRequests()).toHaveLength(1);
      expect(fixture.evaluationRows()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "pauses each parallel call on its own interrupt and resumes both with a map of interrupt ids",
    async () => {
      const tools = createRecordingTools();
      const app = deployment(tools.all);
      const calls = [refundCall, { ...refundCall, args: { invoiceId: "in_2" }, id: "call_refund_2" }];
      const paused = await app
        .start(fakeModel().respondWithTools(calls))
        .invoke({ messages: [askRefund()] }, config);
      const interrupts = paused.__interrupt__ ?? [];
      expect(interrupts.map((entry) => (entry.value as SentrailApprovalInterrupt).toolCallId).sort()).toEqual(
        ["call_refund", "call_refund_2"],
      );
      for (const entry of interrupts)
        await fixture.approve((entry.value as SentrailApprovalInterrupt).approvalRequestId);

      const resume = Object.fromEntries(interrupts.map((entry) => [entry.id, entry.value]));
      const resumed = await app
        .start(fakeModel().respond(new AIMessage("Both refunded.")))
        .invoke(new Command({ resume }), config);
      expect(resumed.__interrupt__).toBeUndefined();
      expect(tools.executions.map((execution) => execution.args)).toEqual(
        expect.arrayContaining([{ invoiceId: "in_1" }, { invoiceId: "in_2" }]),
      );
      expect(tools.ran("refund_invoice")).toBe(2);
      expect(approvalRequests()).toHaveLength(2);
    },
    TIMEOUT_MS,
  );

  it.each(["before", "after"] as const)(
    "composes with humanInTheLoopMiddleware (listed %s it): the person in the chat first, then Sentrail's reviewer, one run",
    async (position) => {
      const tools = createRecordingTools();
      const app = deployment(tools.all);
      const hitl = () => ({
        [position]: [humanInTheLoopMiddleware({ interruptOn: { refund_invoice: true } })],
      });
      const model = fakeModel().respondWithTools([refundCall]).respond(new AIMessage("Refunded."));
      const agent = app.start(model, hitl());

      // 1. humanInTheLoopMiddleware pauses after the model turn (its own interrupt, not Sentrail's).
      const asked = await agent.invoke({ messages: [askRefund()] }, config);
      const [hitlInterrupt] = asked.__interrupt__ ?? [];
      expect(isSentrailApprovalInterrupt(hitlInterrupt?.value)).toBe(false);
      expect(hitlInterrupt?.value).toMatchObject({ actionRequests: [{ name: "refund_invoice" }] });
      expect(approvalRequests()).toHaveLength(0);

      // 2. The person edits the call; Sentrail then evaluates the edited arguments and asks its reviewer.
      const edited = { type: "edit", editedAction: { name: "refund_invoice", args: { invoiceId: "in_2" } } };
      const value = sentrailInterrupt(
        await agent.invoke(new Command({ resume: { decisions: [edited] } }), config),
      );
      expect(value.args).toEqual({ invoiceId: "in_2" });
      expect(tools.ran("refund_invoice")).toBe(0);

      // 3. Sentrail's reviewer approves; a restarted process (same middleware order) resumes; it runs once.
      await fixture.approve(value.approvalRequestId);
      const restarted = app.start(fakeModel().respond(new AIMessage("Refunded in_2.")), hitl());
      const resumed = await restarted.invoke(new Command({ resume: value }), config);
      expect(resumed.__interrupt__).toBeUndefined();
      expect(tools.executions).toEqual([{ tool: "refund_invoice", args: { invoiceId: "in_2" } }]);
      expect(fixture.evaluationRows().map((row) => row.action)).toEqual(["refund_invoice"]);
      expect(approvalRequests()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "gives a gated tool that asks a person itself that person's answer, not the value that resumed Sentrail",
    async () => {
      const executions: string[] = [];
      const refundWithNote = tool(
        async ({ invoiceId }) => {
          const note = interrupt({ question: `Note for ${invoiceId}?` });
          executions.push(String(note));
          return `refunded ${invoiceId} (${String(note)})`;
        },
        { name: "refund_invoice", description: "Refund", schema: z.object({ invoiceId: z.string() }) },
      );
      const app = deployment([refundWithNote]);
      const value = sentrailInterrupt(
        await app
          .start(fakeModel().respondWithTools([refundCall]))
          .invoke({ messages: [askRefund()] }, config),
      );
      await fixture.approve(value.approvalRequestId);

      const asked = await app.start(fakeModel()).invoke(new Command({ resume: value }), config);
      expect(asked.__interrupt__?.map((entry) => entry.value)).toEqual([{ question: "Note for in_1?" }]);
      expect(executions).toEqual([]);

      const done = await app
        .start(fakeModel().respond(new AIMessage("Done.")))
        .invoke(new Command({ resume: "customer called" }), config);
      expect(executions).toEqual(["customer called"]);
      expect(toolMessages(done)[0]?.content).toBe("refunded in_1 (customer called)");
      expect(fixture.evaluationRows()).toHaveLength(1);
      expect(approvalRequests()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "does not run the tool when the agent has no checkpointer (LangGraph refuses to interrupt)",
    async () => {
      const tools = createRecordingTools();
      const agent = createAgent({
        model: fakeModel().respondWithTools([refundCall]),
        tools: tools.all,
        middleware: [createSentrailMiddleware({ ...fixture.guardOptions(), approval: "interrupt" })],
      });
      await expect(agent.invoke({ messages: [askRefund()] })).rejects.toThrow(/checkpointer/i);
      expect(tools.ran("refund_invoice")).toBe(0);
    },
    TIMEOUT_MS,
  );
});
