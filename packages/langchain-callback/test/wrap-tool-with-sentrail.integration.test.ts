import { ToolMessage } from "@langchain/core/messages";
import { SentrailGuardError } from "@sentrail/client";
import { describe, expect, it } from "vitest";
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
});
