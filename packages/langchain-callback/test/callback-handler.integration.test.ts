import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { fakeModel } from "@langchain/core/testing";
import { DynamicStructuredTool, StructuredTool, type StructuredToolInterface } from "@langchain/core/tools";
import { MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { SentrailGuardError } from "@sentrail/client";
import { createAgent } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { SentrailCallbackHandler, type SentrailRunLink } from "../src/sentrail-callback-handler";
import { SentrailDuplicateCallError } from "../src/sentrail-duplicate-call-error";
import { SentrailToolNameError } from "../src/sentrail-tool-name-error";
import { createRecordingTools, setupSentrailFixture } from "./setup-sentrail-fixture";

const fixture = setupSentrailFixture();

function setup(options: Parameters<typeof fixture.guardOptions>[0] = {}) {
  const links: SentrailRunLink[] = [];
  const handler = new SentrailCallbackHandler({
    ...fixture.guardOptions(options),
    onRunLink: (link) => links.push(link),
  });
  return { handler, links, tools: createRecordingTools() };
}

const toolCall = (name: string, args: Record<string, unknown>, id = "call_1") =>
  ({ name, args, id, type: "tool_call" }) as const;

/**
 * Runs one tool call the way LangGraph does: a graph's ToolNode dispatches it to the tool with that
 * name (the handler learns the tool's name from it). Errors propagate (`handleToolErrors: false`).
 */
async function dispatch(
  tool: StructuredToolInterface,
  call: ReturnType<typeof toolCall>,
  config: RunnableConfig,
): Promise<ToolMessage> {
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("tools", new ToolNode([tool], { handleToolErrors: false }))
    .addEdge(START, "tools")
    .compile();
  const result = await graph.invoke(
    { messages: [new AIMessage({ content: "", tool_calls: [call] })] },
    config,
  );
  return result.messages.at(-1) as ToolMessage;
}

describe("SentrailCallbackHandler", () => {
  it("lets an allowed tool run once and links the run id to the audit row", async () => {
    const { handler, links, tools } = setup();
    const message = await dispatch(tools.listIssues, toolCall("list_issues", { repo: "acme/app" }), {
      callbacks: [handler],
    });
    expect(message.content).toBe("2 open issues in acme/app");
    expect(tools.ran("list_issues")).toBe(1);
    const [row] = fixture.evaluationRows();
    const settled = links.at(-1)!;
    expect(settled).toMatchObject({
      toolCallId: "call_1",
      toolName: "list_issues",
      status: "executed",
      decision: "allow",
      auditLogId: row?.id,
      correlationId: row?.correlation_id,
    });
    expect(handler.getRunLink(settled.runId)).toEqual(settled);
    expect(links.map((link) => link.status)).toEqual(["started", "executed"]);
  });

  it("really aborts a blocked tool: invoke rejects and the tool body never runs", async () => {
    const { handler, tools } = setup();
    const error = await dispatch(tools.deleteRepo, toolCall("delete_repo", { repo: "acme/app" }), {
      callbacks: [handler],
    }).catch((caught: unknown) => caught);
    expect(SentrailGuardError.isInstance(error)).toBe(true);
    expect((error as SentrailGuardError).outcome).toMatchObject({
      status: "blocked",
      reason: "Policy 'Never delete repos' matched",
      retrySafe: false,
    });
    expect(tools.ran("delete_repo")).toBe(0);
  });

  it("blocks inside an agent without middleware: the model reads an error, the tool never runs", async () => {
    const { handler, tools } = setup();
    const model = fakeModel()
      .respondWithTools([{ name: "delete_repo", args: { repo: "acme/app" }, id: "call_1" }])
      .respond(new AIMessage("done"));
    const agent = createAgent({ model, tools: tools.all });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] }, { callbacks: [handler] });
    const message = result.messages.find((candidate) => ToolMessage.isInstance(candidate)) as ToolMessage;
    expect(message.status).toBe("error");
    expect(String(message.content)).toContain("Not executed: blocked by Sentrail policy");
    expect(tools.ran("delete_repo")).toBe(0);
  });

  it("waits for a reviewer, then lets an approved tool run once", async () => {
    const { handler, tools } = setup();
    const running = dispatch(tools.refundInvoice, toolCall("refund_invoice", { invoiceId: "in_1" }), {
      callbacks: [handler],
    });
    const [approvalRequestId] = await fixture.waiting(1);
    expect(tools.ran("refund_invoice")).toBe(0);
    await fixture.approve(approvalRequestId!);
    expect((await running).content).toBe("refunded in_1");
    expect(tools.ran("refund_invoice")).toBe(1);
  });

  it("does not start a denied tool", async () => {
    const { handler, tools } = setup();
    const running = dispatch(tools.refundInvoice, toolCall("refund_invoice", { invoiceId: "in_1" }), {
      callbacks: [handler],
    }).catch((caught: unknown) => caught);
    const [approvalRequestId] = await fixture.waiting(1);
    await fixture.deny(approvalRequestId!);
    expect(await running).toMatchObject({ outcome: { status: "denied", approvalRequestId } });
    expect(tools.ran("refund_invoice")).toBe(0);
  });

  it("ends a wait when the kill switch is enabled, and the tool never starts", async () => {
    const { handler, tools } = setup();
    const running = dispatch(tools.refundInvoice, toolCall("refund_invoice", { invoiceId: "in_1" }), {
      callbacks: [handler],
    }).catch((caught: unknown) => caught);
    await fixture.waiting(1);
    await fixture.enableKillSwitch();
    expect(await running).toMatchObject({ outcome: { status: "kill_switch" } });
    expect(tools.ran("refund_invoice")).toBe(0);
  });

  it("refuses to run the same tool call a second time on the same thread", async () => {
    const { handler, tools } = setup();
    const call = toolCall("list_issues", { repo: "acme/app" });
    const config = { callbacks: [handler], configurable: { thread_id: "thread-1" } };
    await dispatch(tools.listIssues, call, config);
    const error = await dispatch(tools.listIssues, call, config).catch((caught: unknown) => caught);
    expect(SentrailDuplicateCallError.isInstance(error)).toBe(true);
    expect(tools.ran("list_issues")).toBe(1);
    expect(fixture.evaluationRows()).toHaveLength(1);
  });

  it("fails closed when Sentrail is down", async () => {
    const { handler, tools } = setup();
    fixture.sentrail.control.faults({ endpoint: "evaluate-action", status: 503 });
    const error = await dispatch(tools.listIssues, toolCall("list_issues", { repo: "acme/app" }), {
      callbacks: [handler],
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ outcome: { status: "unavailable", sideEffect: "not_started" } });
    expect(tools.ran("list_issues")).toBe(0);
  });

  it("fails open when configured: the tool runs and the link shows no decision", async () => {
    const { handler, links, tools } = setup({ failMode: "open" });
    fixture.sentrail.control.faults({ endpoint: "evaluate-action", networkError: true });
    expect(
      (
        await dispatch(tools.listIssues, toolCall("list_issues", { repo: "acme/app" }), {
          callbacks: [handler],
        })
      ).content,
    ).toBe("2 open issues in acme/app");
    expect(tools.ran("list_issues")).toBe(1);
    expect(links.at(-1)).toMatchObject({ status: "executed", decision: null });
  });

  it("only observes in shadow mode: a blocked tool runs, and the audit row says block", async () => {
    const { handler, links, tools } = setup({ mode: "shadow" });
    expect(
      (
        await dispatch(tools.deleteRepo, toolCall("delete_repo", { repo: "acme/app" }), {
          callbacks: [handler],
        })
      ).content,
    ).toBe("deleted acme/app");
    await vi.waitUntil(() => links.some((link) => link.status === "executed"), { timeout: 5_000 });
    expect(tools.ran("delete_repo")).toBe(1);
    expect(fixture.evaluationRows()).toMatchObject([{ action: "delete_repo", decision: "block" }]);
    expect(links.at(-1)).toMatchObject({ status: "executed", decision: "block" });
  });

  it("keeps enforcement switched on: raiseError, awaitHandlers and ignoreAgent cannot be changed", () => {
    const { handler } = setup();
    expect(handler).toMatchObject({ raiseError: true, awaitHandlers: true, ignoreAgent: false });
    expect(() => {
      (handler as { raiseError: boolean }).raiseError = false;
    }).toThrow(TypeError);
    expect(() => {
      (handler as { ignoreAgent: boolean }).ignoreAgent = true;
    }).toThrow(TypeError);
    expect(handler.raiseError).toBe(true);
  });

  it("shares its guard and run links with the copies LangChain makes", async () => {
    const { handler, tools } = setup();
    const copy = handler.copy() as SentrailCallbackHandler;
    expect(copy).toBeInstanceOf(SentrailCallbackHandler);
    expect(copy.guard).toBe(handler.guard);
    expect(copy.raiseError).toBe(true);
    await dispatch(tools.listIssues, toolCall("list_issues", { repo: "acme/app" }), { callbacks: [copy] });
    expect(tools.ran("list_issues")).toBe(1);
  });

  it("keeps API keys out of its serialised form", () => {
    const { handler } = setup();
    expect(JSON.stringify(handler.toJSON())).not.toContain("agk_");
  });

  describe("evaluates the tool's own name, never a class or tracing name", () => {
    /** A class tool: LangChain passes the handler its class name (DeleteRepoTool) and no run name. */
    class DeleteRepoTool extends StructuredTool {
      name = "delete_repo";
      description = "Delete a repository";
      schema = z.object({ repo: z.string() });
      runs = 0;
      async _call({ repo }: { repo: string }) {
        this.runs++;
        return `deleted ${repo}`;
      }
    }

    const agentWith = (target: StructuredToolInterface) =>
      createAgent({
        model: fakeModel()
          .respondWithTools([{ name: "delete_repo", args: { repo: "acme/app" }, id: "call_1" }])
          .respond(new AIMessage("done")),
        tools: [target],
      });

    it("blocks a StructuredTool subclass by its name inside an agent (the catch-all allow does not apply)", async () => {
      const { handler } = setup();
      const deleteRepo = new DeleteRepoTool();
      const result = await agentWith(deleteRepo).invoke(
        { messages: [new HumanMessage("go")] },
        { callbacks: [handler] },
      );
      const message = result.messages.find((candidate) => ToolMessage.isInstance(candidate)) as ToolMessage;
      expect(String(message.content)).toContain("Not executed: blocked by Sentrail policy");
      expect(deleteRepo.runs).toBe(0);
      expect(fixture.evaluationRows()).toMatchObject([{ action: "delete_repo", decision: "block" }]);
    });

    it("blocks a tool whose run name says otherwise (runName is for traces)", async () => {
      const { handler } = setup();
      let runs = 0;
      const deleteRepo = new DynamicStructuredTool({
        name: "delete_repo",
        description: "Delete a repository",
        schema: z.object({ repo: z.string() }),
        func: async ({ repo }) => {
          runs++;
          return `deleted ${repo}`;
        },
        defaultConfig: { runName: "Nightly cleanup" },
      });
      await agentWith(deleteRepo).invoke({ messages: [new HumanMessage("go")] }, { callbacks: [handler] });
      expect(runs).toBe(0);
      expect(fixture.evaluationRows()).toMatchObject([{ action: "delete_repo", decision: "block" }]);
    });

    it("fails closed, asking Sentrail nothing, where LangChain gives it no way to learn the name", async () => {
      const { handler, tools } = setup();
      const error = await tools.deleteRepo
        .withConfig({ runName: "Nightly cleanup" })
        .invoke(toolCall("delete_repo", { repo: "acme/app" }), { callbacks: [handler] })
        .catch((caught: unknown) => caught);
      expect(SentrailToolNameError.isInstance(error)).toBe(true);
      expect(String((error as Error).message)).not.toContain("agk_");
      const classTool = new DeleteRepoTool();
      const classError = await classTool
        .invoke({ repo: "acme/app" }, { callbacks: [handler] })
        .catch((caught: unknown) => caught);
      expect(classError).toMatchObject({ name: "SentrailToolNameError", toolClass: "DeleteRepoTool" });
      expect(tools.ran("delete_repo") + classTool.runs).toBe(0);
      expect(fixture.evaluationRows()).toHaveLength(0);
    });
  });

  describe("scopes call keys by thread, or by run without one", () => {
    const agentFor = (tools: ReturnType<typeof createRecordingTools>) =>
      createAgent({
        model: fakeModel()
          .respondWithTools([{ name: "list_issues", args: { repo: "acme/app" }, id: "call_1" }])
          .respond(new AIMessage("done"))
          .respondWithTools([{ name: "list_issues", args: { repo: "acme/app" }, id: "call_1" }])
          .respond(new AIMessage("done")),
        tools: tools.all,
      });

    it("runs the same tool-call id on two threads as two calls", async () => {
      const { handler, tools } = setup();
      const agent = agentFor(tools);
      for (const thread_id of ["thread-a", "thread-b"]) {
        const result = await agent.invoke(
          { messages: [new HumanMessage("go")] },
          { callbacks: [handler], configurable: { thread_id } },
        );
        const message = result.messages.find((candidate) => ToolMessage.isInstance(candidate)) as ToolMessage;
        expect(message.content).toBe("2 open issues in acme/app");
      }
      expect(tools.ran("list_issues")).toBe(2);
      expect(fixture.evaluationRows()).toHaveLength(2);
    });

    it("runs the same tool-call id in two independent runs without a thread as two calls", async () => {
      const { handler, tools } = setup();
      const agent = agentFor(tools);
      await agent.invoke({ messages: [new HumanMessage("go")] }, { callbacks: [handler] });
      await agent.invoke({ messages: [new HumanMessage("go")] }, { callbacks: [handler] });
      expect(tools.ran("list_issues")).toBe(2);
      expect(fixture.evaluationRows()).toHaveLength(2);
    });
  });
});
