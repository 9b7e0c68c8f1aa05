import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import type { GuardOptions } from "@sentrail/client";
import { createAgent } from "langchain";
import { describe, expect, it } from "vitest";
import { createSentrailMiddleware } from "../src/create-sentrail-middleware";
import { createRecordingTools, setupSentrailFixture } from "./setup-sentrail-fixture";

const fixture = setupSentrailFixture();

/** An agent whose fake model asks for `calls` in one turn, then answers "done". */
function agentFor(
  calls: Array<{ name: string; args: Record<string, unknown>; id: string }>,
  options: Partial<GuardOptions> = {},
) {
  const tools = createRecordingTools();
  const model = fakeModel().respondWithTools(calls).respond(new AIMessage("done"));
  const agent = createAgent({
    model,
    tools: tools.all,
    middleware: [createSentrailMiddleware(fixture.guardOptions(options))],
  });
  const run = async () => {
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    const messages = result.messages.filter((message) => ToolMessage.isInstance(message)) as ToolMessage[];
    const byId = (id: string) => messages.find((message) => message.tool_call_id === id);
    return { messages, byId, final: result.messages.at(-1) };
  };
  return { tools, run };
}

function refusal(message: ToolMessage | undefined): Record<string, unknown> {
  expect(message?.status).toBe("error");
  return JSON.parse(String(message?.content)) as Record<string, unknown>;
}

describe("createSentrailMiddleware in createAgent", () => {
  it("runs an allowed call once and links its ToolMessage to the audit row", async () => {
    const { tools, run } = agentFor([{ name: "list_issues", args: { repo: "acme/app" }, id: "call_1" }]);
    const { byId, final } = await run();
    expect(tools.ran("list_issues")).toBe(1);
    const message = byId("call_1");
    expect(message?.content).toBe("2 open issues in acme/app");
    const [row] = fixture.evaluationRows();
    expect(message?.response_metadata.sentrail).toEqual({
      status: "executed",
      decision: "allow",
      auditLogId: row?.id,
      correlationId: row?.correlation_id,
      approvalRequestId: null,
    });
    expect(row).toMatchObject({ action: "list_issues", decision: "allow", agent_name: "langchain-tests" });
    expect(final?.content).toBe("done");
  });

  it("does not run a blocked call; the model reads why and that retrying is not safe", async () => {
    const { tools, run } = agentFor([{ name: "delete_repo", args: { repo: "acme/app" }, id: "call_1" }]);
    const { byId, final } = await run();
    expect(tools.ran("delete_repo")).toBe(0);
    expect(refusal(byId("call_1"))).toMatchObject({
      executed: false,
      status: "blocked",
      sideEffect: "not_started",
      retrySafe: false,
      reason: "Policy 'Never delete repos' matched",
    });
    expect(final?.content).toBe("done");
  });

  it("waits for a reviewer and runs an approved call exactly once", async () => {
    const { tools, run } = agentFor([{ name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_1" }]);
    const running = run();
    const [approvalRequestId] = await fixture.waiting(1);
    expect(tools.ran("refund_invoice")).toBe(0);
    await fixture.approve(approvalRequestId!);
    const { byId } = await running;
    expect(byId("call_1")?.content).toBe("refunded in_1");
    expect(byId("call_1")?.response_metadata.sentrail).toMatchObject({
      decision: "require_approval",
      approvalRequestId,
    });
    expect(tools.ran("refund_invoice")).toBe(1);
  });

  it("does not run a denied call", async () => {
    const { tools, run } = agentFor([{ name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_1" }]);
    const running = run();
    const [approvalRequestId] = await fixture.waiting(1);
    await fixture.deny(approvalRequestId!);
    const { byId } = await running;
    expect(refusal(byId("call_1"))).toMatchObject({ status: "denied", retrySafe: false, approvalRequestId });
    expect(tools.ran("refund_invoice")).toBe(0);
  });

  it("does not run a call whose approval expires", async () => {
    const { tools, run } = agentFor([{ name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_1" }]);
    const running = run();
    await fixture.waiting(1);
    fixture.sentrail.control.clock({ advanceMs: 25 * 3_600_000 });
    const { byId } = await running;
    expect(refusal(byId("call_1"))).toMatchObject({ status: "expired", retrySafe: true });
    expect(tools.ran("refund_invoice")).toBe(0);
  });

  it("decides parallel tool calls of one turn one by one", async () => {
    const { tools, run } = agentFor([
      { name: "list_issues", args: { repo: "acme/app" }, id: "call_list" },
      { name: "delete_repo", args: { repo: "acme/app" }, id: "call_delete" },
      { name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_refund" },
      { name: "refund_invoice", args: { invoiceId: "in_2" }, id: "call_refund_2" },
    ]);
    const running = run();
    const ids = await fixture.waiting(2);
    const approvals = fixture.sentrail.control.state().approvalRequests;
    const idFor = (invoiceId: string) =>
      approvals.find((row) => (row.payload as { invoiceId?: string }).invoiceId === invoiceId)?.id;
    expect(ids.sort()).toEqual([idFor("in_1"), idFor("in_2")].sort());
    await fixture.approve(idFor("in_1")!);
    await fixture.deny(idFor("in_2")!);
    const { byId, messages } = await running;
    expect(messages).toHaveLength(4);
    expect(byId("call_list")?.content).toBe("2 open issues in acme/app");
    expect(refusal(byId("call_delete"))).toMatchObject({ status: "blocked" });
    expect(byId("call_refund")?.content).toBe("refunded in_1");
    expect(refusal(byId("call_refund_2"))).toMatchObject({ status: "denied" });
    expect(tools.executions.map((execution) => execution.tool).sort()).toEqual([
      "list_issues",
      "refund_invoice",
    ]);
    expect(tools.executions).toContainEqual({ tool: "refund_invoice", args: { invoiceId: "in_1" } });
  });

  it("ends a wait when the kill switch is enabled, and runs nothing", async () => {
    const { tools, run } = agentFor([{ name: "refund_invoice", args: { invoiceId: "in_1" }, id: "call_1" }]);
    const running = run();
    await fixture.waiting(1);
    await fixture.enableKillSwitch();
    const { byId } = await running;
    expect(refusal(byId("call_1"))).toMatchObject({ status: "kill_switch", reason: "Kill switch is active" });
    expect(tools.ran("refund_invoice")).toBe(0);
  });

  it("fails closed when Sentrail is down: the tool does not run", async () => {
    const { tools, run } = agentFor([{ name: "list_issues", args: { repo: "acme/app" }, id: "call_1" }]);
    fixture.sentrail.control.faults({ endpoint: "evaluate-action", status: 503 });
    const { byId } = await run();
    expect(refusal(byId("call_1"))).toMatchObject({ status: "unavailable", sideEffect: "not_started" });
    expect(tools.ran("list_issues")).toBe(0);
  });

  it("fails open only when configured, and still reports the failure", async () => {
    const decisions: unknown[] = [];
    const { tools, run } = agentFor([{ name: "list_issues", args: { repo: "acme/app" }, id: "call_1" }], {
      failMode: "open",
      onDecision: (event) => decisions.push(event.enforcement),
    });
    fixture.sentrail.control.faults({ endpoint: "evaluate-action", networkError: true });
    const { byId } = await run();
    expect(byId("call_1")?.content).toBe("2 open issues in acme/app");
    expect(byId("call_1")?.response_metadata.sentrail).toMatchObject({ status: "executed", decision: null });
    expect(tools.ran("list_issues")).toBe(1);
    expect(decisions).toEqual(["run"]);
  });

  it("hands the model LangChain's own validation message for arguments that do not fit the schema", async () => {
    const { tools, run } = agentFor([{ name: "list_issues", args: { repo: 42 }, id: "call_1" }]);
    const { byId } = await run();
    expect(byId("call_1")?.status).toBe("error");
    expect(String(byId("call_1")?.content)).toContain("did not match expected schema");
    expect(tools.ran("list_issues")).toBe(0);
    expect(fixture.evaluationRows()).toHaveLength(0);
  });

  it("asks no reviewer about a call whose arguments cannot run: no evaluation, no audit row, no approval", async () => {
    const { tools, run } = agentFor([{ name: "refund_invoice", args: { invoice: "in_1" }, id: "call_1" }]);
    const { byId } = await run();
    expect(byId("call_1")?.status).toBe("error");
    expect(String(byId("call_1")?.content)).toContain("did not match expected schema");
    expect(tools.ran("refund_invoice")).toBe(0);
    expect(fixture.sentrail.control.state().auditLogs).toHaveLength(0);
    expect(fixture.sentrail.control.state().approvalRequests).toHaveLength(0);
  }, 10_000);

  it("keeps the same tool-call id on two threads apart: each thread runs its own call", async () => {
    const tools = createRecordingTools();
    const guard = fixture.guard();
    const call = { name: "list_issues", args: { repo: "acme/app" }, id: "call_1" };
    const agent = createAgent({
      model: fakeModel()
        .respondWithTools([call])
        .respond(new AIMessage("done"))
        .respondWithTools([call])
        .respond(new AIMessage("done")),
      tools: tools.all,
      middleware: [createSentrailMiddleware({ guard })],
    });
    for (const thread_id of ["thread-a", "thread-b"]) {
      const result = await agent.invoke(
        { messages: [new HumanMessage("go")] },
        { configurable: { thread_id } },
      );
      const message = result.messages.find((candidate) => ToolMessage.isInstance(candidate)) as ToolMessage;
      expect(message.content).toBe("2 open issues in acme/app");
      expect(message.response_metadata.sentrail).toMatchObject({ status: "executed", decision: "allow" });
    }
    expect(tools.ran("list_issues")).toBe(2);
    expect(fixture.evaluationRows()).toHaveLength(2);
  });
});
