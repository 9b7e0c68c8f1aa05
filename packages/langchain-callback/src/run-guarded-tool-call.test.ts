import { createGuard, type EvaluateActionResult } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { runGuardedToolCall } from "./run-guarded-tool-call";

const allow: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Reads are fine' matched",
  matchedPolicyId: "p1",
  auditLogId: "a1",
  correlationId: "c1",
};

/** A guard whose decisions come from a stub (no network). */
function stubGuard() {
  const evaluate = vi.fn(async () => allow);
  const guard = createGuard({
    client: { evaluateAction: evaluate, waitForApproval: vi.fn() },
  });
  return { guard, evaluate };
}

class GraphInterrupt extends Error {
  override name = "GraphInterrupt";
}

describe("runGuardedToolCall", () => {
  it("runs an allowed call once and returns the guard's outcome", async () => {
    const { guard } = stubGuard();
    const execute = vi.fn(async () => "ran");
    const outcome = await runGuardedToolCall(
      guard,
      { toolName: "list_issues", toolCallId: "t1" },
      execute,
      {},
    );
    expect(outcome).toMatchObject({ status: "executed", result: "ran" });
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it("rethrows LangGraph's interrupt, then resumes the paused call without asking Sentrail again", async () => {
    const { guard, evaluate } = stubGuard();
    const interrupt = new GraphInterrupt("paused");
    const execute = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(interrupt)
      .mockResolvedValueOnce("resumed");
    const call = { toolName: "ask_human", input: { question: "?" }, toolCallId: "t1" };
    await expect(runGuardedToolCall(guard, call, execute, {})).rejects.toBe(interrupt);
    const resumed = await runGuardedToolCall(guard, call, execute, {});
    expect(resumed).toMatchObject({ status: "executed", result: "resumed" });
    expect(execute).toHaveBeenCalledTimes(2);
    expect(evaluate).toHaveBeenCalledTimes(1);
  });

  it("treats any error LangGraph bubbles up (is_bubble_up) as a pause, not a failure", async () => {
    const { guard } = stubGuard();
    const parentCommand = Object.assign(new Error("goto"), { is_bubble_up: true });
    await expect(
      runGuardedToolCall(
        guard,
        { toolName: "handoff", toolCallId: "t1" },
        async () => Promise.reject(parentCommand),
        {},
      ),
    ).rejects.toBe(parentCommand);
  });

  it("reports an ordinary tool error as a failed call that is not run again", async () => {
    const { guard } = stubGuard();
    const execute = vi.fn(async () => Promise.reject(new Error("boom")));
    const call = { toolName: "list_issues", toolCallId: "t1" };
    expect(await runGuardedToolCall(guard, call, execute, {})).toMatchObject({
      status: "failed",
      sideEffect: "unknown",
    });
    expect(await runGuardedToolCall(guard, call, execute, {})).toMatchObject({ status: "failed" });
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it("passes the caller's signal to the guard: an aborted call does not run", async () => {
    const { guard } = stubGuard();
    const execute = vi.fn(async () => "ran");
    const controller = new AbortController();
    controller.abort();
    const outcome = await runGuardedToolCall(guard, { toolName: "list_issues" }, execute, {
      signal: controller.signal,
    });
    expect(outcome.status).toBe("aborted");
    expect(execute).not.toHaveBeenCalled();
  });
});
