import { ToolMessage } from "@langchain/core/messages";
import { createGuard, type EvaluateActionResult, type GuardStore } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { createSentrailMiddleware } from "./create-sentrail-middleware";

const allow: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Reads are fine' matched",
  matchedPolicyId: "p1",
  auditLogId: "a1",
  correlationId: "c1",
};

function stubClient() {
  return { evaluateAction: vi.fn(async () => allow), waitForApproval: vi.fn() };
}

type Hook = NonNullable<ReturnType<typeof createSentrailMiddleware>["wrapToolCall"]>;

/** Calls the middleware's hook the way LangChain's ToolNode does, for one tool call. */
function callHook(hook: Hook, handler: Parameters<Hook>[1], id = "call_1") {
  const request = {
    toolCall: { name: "list_issues", args: { repo: "acme/app" }, id },
    tool: undefined,
    state: { messages: [] },
    runtime: { configurable: { thread_id: "thread-7" } },
  } as unknown as Parameters<Hook>[0];
  return hook(request, handler);
}

describe("createSentrailMiddleware", () => {
  it("is a LangChain agent middleware with a wrapToolCall hook", () => {
    const middleware = createSentrailMiddleware({ client: stubClient() });
    expect(middleware.name).toBe("SentrailMiddleware");
    expect(typeof middleware.wrapToolCall).toBe("function");
    expect(createSentrailMiddleware({ client: stubClient(), name: "Gate" }).name).toBe("Gate");
  });

  it("reports each outcome with the tool call and the thread id, and ignores a hook that throws", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const events: unknown[] = [];
    const middleware = createSentrailMiddleware({
      client: stubClient(),
      onOutcome: (event) => {
        events.push(event);
        throw new Error("agk_0123456789abcdef0123456789abcdef01234567");
      },
    });
    const handler = vi.fn(async () => new ToolMessage({ content: "ok", tool_call_id: "call_1" }));
    const result = await callHook(middleware.wrapToolCall!, handler);
    expect((result as ToolMessage).content).toBe("ok");
    expect(events).toMatchObject([
      { toolCall: { id: "call_1" }, outcome: { status: "executed" }, threadId: "thread-7" },
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain("agk_");
    warn.mockRestore();
  });

  it("passes a LangGraph Command through untouched", async () => {
    const middleware = createSentrailMiddleware({ client: stubClient() });
    const command = { lg_name: "Command", goto: "model" };
    const result = await callHook(middleware.wrapToolCall!, async () => command as never);
    expect(result).toBe(command);
  });

  it("wraps a result restored from a persistent store as plain JSON in a ToolMessage for this call", async () => {
    const executed = {
      state: "settled" as const,
      revision: "r1",
      outcome: { status: "executed", sideEffect: "executed", result: { refunded: true }, decision: "allow" },
    };
    const store: GuardStore = { get: () => executed as never, claim: vi.fn(() => false) };
    const middleware = createSentrailMiddleware({ guard: createGuard({ client: stubClient(), store }) });
    const handler = vi.fn();
    const result = (await callHook(middleware.wrapToolCall!, handler)) as ToolMessage;
    expect(handler).not.toHaveBeenCalled();
    expect(result).toMatchObject({
      content: '{"refunded":true}',
      tool_call_id: "call_1",
      name: "list_issues",
    });
  });

  it("revives a ToolMessage a JSON guard store (Redis) kept for a call another process settled", async () => {
    const stored = JSON.parse(
      JSON.stringify(
        new ToolMessage({ content: "refunded in_1", tool_call_id: "call_1", name: "list_issues" }),
      ),
    );
    const executed = {
      state: "settled" as const,
      revision: "r1",
      outcome: { status: "executed", sideEffect: "executed", result: stored, decision: "allow" },
    };
    const store: GuardStore = { get: () => executed as never, claim: vi.fn(() => false) };
    const middleware = createSentrailMiddleware({ guard: createGuard({ client: stubClient(), store }) });
    const handler = vi.fn();
    const result = await callHook(middleware.wrapToolCall!, handler);
    expect(handler).not.toHaveBeenCalled();
    expect(ToolMessage.isInstance(result)).toBe(true);
    expect((result as ToolMessage).content).toBe("refunded in_1");
  });

  it("rejects an unknown approval mode", () => {
    expect(() => createSentrailMiddleware({ client: stubClient(), approval: "poll" as never })).toThrow(
      TypeError,
    );
  });

  it('in "interrupt" mode, refuses to start without LangGraph\'s interrupt in the runtime: nothing is evaluated or run', async () => {
    const client = stubClient();
    const middleware = createSentrailMiddleware({ client, approval: "interrupt" });
    const handler = vi.fn();
    await expect(callHook(middleware.wrapToolCall!, handler)).rejects.toThrow(TypeError);
    expect(client.evaluateAction).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it('in "interrupt" mode, runs an allowed call at once without interrupting', async () => {
    const middleware = createSentrailMiddleware({ client: stubClient(), approval: "interrupt" });
    const interrupt = vi.fn();
    const request = {
      toolCall: { name: "list_issues", args: { repo: "acme/app" }, id: "call_1" },
      tool: undefined,
      state: { messages: [] },
      runtime: { configurable: { thread_id: "thread-7" }, interrupt },
    } as unknown as Parameters<Hook>[0];
    const result = await middleware.wrapToolCall!(
      request,
      async () => new ToolMessage({ content: "ok", tool_call_id: "call_1" }),
    );
    expect((result as ToolMessage).content).toBe("ok");
    expect(interrupt).not.toHaveBeenCalled();
  });
});
