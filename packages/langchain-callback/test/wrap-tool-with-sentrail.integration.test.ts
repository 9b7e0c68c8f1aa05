import { ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { SentrailGuardError } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { wrapToolWithSentrail } from "../src/wrap-tool-with-sentrail";
import { createRecordingTools, setupSentrailFixture } from "./setup-sentrail-fixture";

const fixture = setupSentrailFixture();

const toolCall = (name: string, args: Record<string, unknown>, id = "call_1") =>
  ({ name, args, id, type: "tool_call" }) as const;

describe("wrapToolWithSentrail", () => {
  it("keeps the tool's name, description and schema", () => {
    const { deleteRepo } = createRecordingTools();
    const wrapped = wrapToolWithSentrail(deleteRepo, { guard: fixture.guard() });
    expect(wrapped).toMatchObject({ name: "delete_repo", description: "Delete a repository" });
    expect(wrapped.schema).toBe(deleteRepo.schema);
  });

  it("runs an allowed call and returns the tool's own result", async () => {
    const tools = createRecordingTools();
    const wrapped = wrapToolWithSentrail(tools.listIssues, { guard: fixture.guard() });
    expect(await wrapped.invoke({ repo: "acme/app" })).toBe("2 open issues in acme/app");
    const message = await wrapped.invoke(toolCall("list_issues", { repo: "acme/app" }));
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message.content).toBe("2 open issues in acme/app");
    expect(tools.ran("list_issues")).toBe(2);
  });

  it("returns a refusal the model can read instead of running a blocked call", async () => {
    const tools = createRecordingTools();
    const wrapped = wrapToolWithSentrail(tools.deleteRepo, { guard: fixture.guard() });
    const message = (await wrapped.invoke(toolCall("delete_repo", { repo: "acme/app" }))) as ToolMessage;
    expect(message.status).toBe("error");
    expect(message.tool_call_id).toBe("call_1");
    expect(JSON.parse(String(message.content))).toMatchObject({ executed: false, status: "blocked" });
    const text = await wrapped.invoke({ repo: "acme/app" });
    expect(JSON.parse(String(text))).toMatchObject({ executed: false, status: "blocked", retrySafe: false });
    expect(tools.ran("delete_repo")).toBe(0);
  });

  it("throws SentrailGuardError instead when asked to", async () => {
    const tools = createRecordingTools();
    const wrapped = wrapToolWithSentrail(tools.deleteRepo, {
      guard: fixture.guard(),
      onNotExecuted: "throw",
    });
    const error = await wrapped.invoke({ repo: "acme/app" }).catch((caught: unknown) => caught);
    expect(SentrailGuardError.isInstance(error)).toBe(true);
    expect(tools.ran("delete_repo")).toBe(0);
  });

  it("runs an approved call once; the same tool call again returns the recorded result", async () => {
    const tools = createRecordingTools();
    const wrapped = wrapToolWithSentrail(tools.refundInvoice, fixture.guardOptions());
    const call = toolCall("refund_invoice", { invoiceId: "in_1" });
    const running = wrapped.invoke(call);
    const [approvalRequestId] = await fixture.waiting(1);
    await fixture.approve(approvalRequestId!);
    expect((await running).content).toBe("refunded in_1");
    expect((await wrapped.invoke(call)).content).toBe("refunded in_1");
    expect(tools.ran("refund_invoice")).toBe(1);
  });

  it("fails closed when Sentrail is down", async () => {
    const tools = createRecordingTools();
    const wrapped = wrapToolWithSentrail(tools.listIssues, { guard: fixture.guard() });
    fixture.sentrail.control.faults({ endpoint: "evaluate-action", networkError: true });
    const text = await wrapped.invoke({ repo: "acme/app" });
    expect(JSON.parse(String(text))).toMatchObject({ status: "unavailable", retrySafe: true });
    expect(tools.ran("list_issues")).toBe(0);
  });

  it("keeps everything the tool declares: returnDirect, responseFormat, tags, metadata, parsing errors", async () => {
    const search = tool(async ({ query }) => [`found ${query}`, { hits: [query] }], {
      name: "list_documents",
      description: "Search documents",
      schema: z.object({ query: z.string() }),
      returnDirect: true,
      responseFormat: "content_and_artifact",
      verboseParsingErrors: true,
      tags: ["search"],
      metadata: { team: "docs" },
      extras: { cache: true },
    });
    const wrapped = wrapToolWithSentrail(search, { guard: fixture.guard() });
    expect(wrapped).toMatchObject({
      name: "list_documents",
      returnDirect: true,
      responseFormat: "content_and_artifact",
      verboseParsingErrors: true,
      tags: ["search"],
      metadata: { team: "docs" },
      extras: { cache: true },
    });
    const message = (await wrapped.invoke(toolCall("list_documents", { query: "q" }))) as ToolMessage;
    expect(message).toMatchObject({ content: "found q", artifact: { hits: ["q"] }, tool_call_id: "call_1" });
    fixture.sentrail.control.faults({ endpoint: "evaluate-action", status: 503 });
    const refusal = (await wrapped.invoke(
      toolCall("list_documents", { query: "q" }, "call_2"),
    )) as ToolMessage;
    expect(refusal.status).toBe("error");
    expect(JSON.parse(String(refusal.content))).toMatchObject({ status: "unavailable" });
  });

  it("keys calls by LangGraph thread: the same tool call on another thread is another call", async () => {
    const tools = createRecordingTools();
    const wrapped = wrapToolWithSentrail(tools.listIssues, { guard: fixture.guard() });
    const call = toolCall("list_issues", { repo: "acme/app" });
    for (const thread_id of ["thread-a", "thread-b", "thread-a"]) {
      const message = await wrapped.invoke(call, { configurable: { thread_id } });
      expect(message.content).toBe("2 open issues in acme/app");
    }
    expect(tools.ran("list_issues")).toBe(2);
    expect(fixture.evaluationRows()).toHaveLength(2);
  });
});
