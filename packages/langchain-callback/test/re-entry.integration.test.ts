// Two gates around one tool call (a wrapped tool behind the middleware, the callback handler plus the
// middleware): the outer gate decides, the inner one passes the same call straight through (the guard
// recognises it: same tool, arguments and tool-call id, inside the outer call's execution). Each test
// has a timeout: a gate that waits on itself must fail, not hang.
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { createAgent } from "langchain";
import { describe, expect, it } from "vitest";
import { createSentrailMiddleware } from "../src/create-sentrail-middleware";
import { SentrailCallbackHandler } from "../src/sentrail-callback-handler";
import { wrapToolWithSentrail } from "../src/wrap-tool-with-sentrail";
import { createRecordingTools, setupSentrailFixture } from "./setup-sentrail-fixture";

const fixture = setupSentrailFixture();
const TIMEOUT_MS = 10_000;

const modelFor = (name: string, args: Record<string, unknown>) =>
  fakeModel()
    .respondWithTools([{ name, args, id: "call_1" }])
    .respond(new AIMessage("done"));

const toolMessage = (messages: unknown[]) =>
  messages.find((message) => ToolMessage.isInstance(message)) as ToolMessage;

describe("re-entrant gates", () => {
  it(
    "runs a wrapped tool behind the middleware on one guard once, evaluated once, without waiting on itself",
    async () => {
      const tools = createRecordingTools();
      const guard = fixture.guard();
      const agent = createAgent({
        model: modelFor("list_issues", { repo: "acme/app" }),
        tools: [wrapToolWithSentrail(tools.listIssues, { guard })],
        middleware: [createSentrailMiddleware({ guard })],
      });
      const result = await agent.invoke({ messages: [new HumanMessage("go")] });
      expect(toolMessage(result.messages).content).toBe("2 open issues in acme/app");
      expect(tools.ran("list_issues")).toBe(1);
      expect(fixture.evaluationRows()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "runs a tool under the callback handler and the middleware on one guard once, evaluated once",
    async () => {
      const tools = createRecordingTools();
      const guard = fixture.guard();
      const agent = createAgent({
        model: modelFor("list_issues", { repo: "acme/app" }),
        tools: tools.all,
        middleware: [createSentrailMiddleware({ guard })],
      });
      const result = await agent.invoke(
        { messages: [new HumanMessage("go")] },
        { callbacks: [new SentrailCallbackHandler({ guard })] },
      );
      expect(toolMessage(result.messages).content).toBe("2 open issues in acme/app");
      expect(tools.ran("list_issues")).toBe(1);
      expect(fixture.evaluationRows()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "asks one reviewer once across two guards: one approval request, and the tool runs once",
    async () => {
      const tools = createRecordingTools();
      const agent = createAgent({
        model: modelFor("refund_invoice", { invoiceId: "in_1" }),
        tools: [wrapToolWithSentrail(tools.refundInvoice, { guard: fixture.guard() })],
        middleware: [createSentrailMiddleware({ guard: fixture.guard() })],
      });
      const running = agent.invoke({ messages: [new HumanMessage("refund in_1")] });
      const [approvalRequestId] = await fixture.waiting(1);
      expect(tools.ran("refund_invoice")).toBe(0);
      await fixture.approve(approvalRequestId!);
      const result = await running;
      expect(toolMessage(result.messages).content).toBe("refunded in_1");
      expect(tools.ran("refund_invoice")).toBe(1);
      expect(fixture.sentrail.control.state().approvalRequests).toHaveLength(1);
      expect(fixture.evaluationRows()).toHaveLength(1);
    },
    TIMEOUT_MS,
  );
});
