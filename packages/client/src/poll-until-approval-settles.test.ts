import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RequestOptions } from "./create-sentrail-transport";
import { type PollApprovalStatus, pollUntilApprovalSettles } from "./poll-until-approval-settles";
import type { ApprovalStatus } from "./sentrail-api-types";
import {
  SentrailAuthenticationError,
  SentrailNotFoundError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailUnavailableError,
} from "./sentrail-error";
import type { ApprovalStatusUpdate, KillSwitchState } from "./to-approval-status-update";

const ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const OFF: KillSwitchState = { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] };

function update(status: ApprovalStatus, extra: Partial<ApprovalStatusUpdate> = {}): ApprovalStatusUpdate {
  return { correlationId: ID, status, decision: "require_approval", result: null, killSwitch: OFF, ...extra };
}

type Step = ApprovalStatusUpdate | Error;

/** A poll that answers the scripted steps in order (the last one repeats) and records when it was called. */
function scriptedPoll(...steps: Step[]) {
  const calls: Array<{ at: number; options: RequestOptions }> = [];
  const poll = vi.fn<PollApprovalStatus>(async (options) => {
    calls.push({ at: Date.now(), options });
    const step = steps.length > 1 ? steps.shift() : steps[0];
    if (step instanceof Error) throw step;
    return step as ApprovalStatusUpdate;
  });
  return { poll, calls, times: () => calls.map((call) => call.at) };
}

describe("pollUntilApprovalSettles", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it("polls right away, then after 1 s, 1.5 s, 2.25 s … capped at 10 s (random = 0.5: no jitter)", async () => {
    const { poll, times } = scriptedPoll(update("pending"));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, timeoutMs: 45_000 });
    await vi.advanceTimersByTimeAsync(45_000);
    const outcome = await waiting;
    expect(times()).toEqual([0, 1000, 2500, 4750, 8125, 13_188, 20_782, 30_782, 40_782]);
    expect(outcome).toMatchObject({
      status: "timed_out",
      polls: 9,
      lastStatus: "pending",
      elapsedMs: 45_000,
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps every delay within ±20 % of the schedule (random at 0 and just below 1)", async () => {
    const low = scriptedPoll(update("pending"));
    const lowWait = pollUntilApprovalSettles(low.poll, ID, { random: () => 0, timeoutMs: 6000 });
    await vi.advanceTimersByTimeAsync(6000);
    await lowWait;
    expect(low.times()).toEqual([0, 800, 2000, 3800]);

    vi.setSystemTime(0);
    const high = scriptedPoll(update("pending"));
    const highWait = pollUntilApprovalSettles(high.poll, ID, { random: () => 0.999_999, timeoutMs: 6000 });
    await vi.advanceTimersByTimeAsync(6000);
    await highWait;
    expect(high.times()).toEqual([0, 1200, 3000, 5700]);
  });

  it("honours custom schedule options", async () => {
    const { poll, times } = scriptedPoll(update("pending"));
    const waiting = pollUntilApprovalSettles(poll, ID, {
      random: () => 0.5,
      initialDelayMs: 100,
      multiplier: 2,
      maxDelayMs: 300,
      timeoutMs: 1000,
    });
    await vi.advanceTimersByTimeAsync(1000);
    await waiting;
    expect(times()).toEqual([0, 100, 300, 600, 900]);
  });

  it.each([
    ["executed", { status: "executed", result: { id: 123 } }],
    ["failed", { status: "failed", result: { error: "Tool API returned 422", status: 422, body: null } }],
    ["denied", { status: "denied" }],
    ["expired", { status: "expired" }],
    ["approved", { status: "approved" }],
  ] as const)("ends on %s with what the server said", async (status, expected) => {
    const result = "result" in expected ? expected.result : null;
    const { poll, times } = scriptedPoll(update("pending"), update(status, { result }));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(waiting).resolves.toEqual({
      ...expected,
      correlationId: ID,
      killSwitch: OFF,
      polls: 2,
      elapsedMs: 1000,
    });
    expect(times()).toEqual([0, 1000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps polling through approved when waiting for execution", async () => {
    const { poll } = scriptedPoll(
      update("approved"),
      update("approved"),
      update("executed", { result: { id: 7 } }),
    );
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, until: "execution" });
    await vi.advanceTimersByTimeAsync(2500);
    await expect(waiting).resolves.toMatchObject({ status: "executed", result: { id: 7 }, polls: 3 });
  });

  it("lets Retry-After lengthen the next delay", async () => {
    const limited = new SentrailRateLimitError("slow down", { status: 429, retryAfterMs: 5000 });
    const { poll, times } = scriptedPoll(limited, update("denied"));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(5000);
    await expect(waiting).resolves.toMatchObject({ status: "denied", polls: 2 });
    expect(times()).toEqual([0, 5000]);
  });

  it("never lets Retry-After shorten the scheduled delay", async () => {
    const busy = new SentrailServerError("busy", { status: 503, retryAfterMs: 10 });
    const { poll, times } = scriptedPoll(busy, update("denied"));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(1000);
    await waiting;
    expect(times()).toEqual([0, 1000]);
  });

  it("keeps polling through network failures, timeouts, unreadable answers, 5xx and 429", async () => {
    const { poll } = scriptedPoll(
      new SentrailUnavailableError("network", "down"),
      new SentrailUnavailableError("timeout", "slow"),
      new SentrailUnavailableError("unreadable", "garbage"),
      new SentrailServerError("oops", { status: 500 }),
      new SentrailRateLimitError("slow down", { status: 429 }),
      update("executed", { result: { ok: 1 } }),
    );
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(waiting).resolves.toMatchObject({ status: "executed", polls: 6 });
  });

  it("reports the last poll error when the wait times out on failures", async () => {
    const failure = new SentrailServerError("oops", { status: 500 });
    const { poll } = scriptedPoll(update("pending"), failure);
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, timeoutMs: 3000 });
    await vi.advanceTimersByTimeAsync(3000);
    await expect(waiting).resolves.toMatchObject({
      status: "timed_out",
      lastStatus: "pending",
      lastError: failure,
      killSwitch: OFF,
    });
  });

  it.each([
    ["401", new SentrailAuthenticationError("Invalid or expired API key", { status: 401 })],
    ["404", new SentrailNotFoundError("Approval request not found", { status: 404 })],
  ])("ends the wait with the typed error on %s", async (_status, error) => {
    const { poll } = scriptedPoll(update("pending"), error);
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5 });
    const assertion = expect(waiting).rejects.toBe(error);
    await vi.advanceTimersByTimeAsync(1000);
    await assertion;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("never overruns the timeout: the last sleep is cut to the deadline", async () => {
    const { poll, times } = scriptedPoll(update("pending"));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, timeoutMs: 2000 });
    await vi.advanceTimersByTimeAsync(2000);
    await expect(waiting).resolves.toMatchObject({ status: "timed_out", elapsedMs: 2000, polls: 2 });
    expect(times()).toEqual([0, 1000]);
  });

  it("gives each poll the smaller of the request timeout and the time left", async () => {
    const { poll, calls } = scriptedPoll(update("pending"));
    const waiting = pollUntilApprovalSettles(poll, ID, {
      random: () => 0.5,
      timeoutMs: 12_000,
      requestTimeoutMs: 10_000,
    });
    await vi.advanceTimersByTimeAsync(12_000);
    await waiting;
    expect(calls.map((call) => call.options.timeoutMs)).toEqual([10_000, 10_000, 9500, 7250, 3875]);
  });

  it("stops cleanly when aborted during a sleep", async () => {
    const controller = new AbortController();
    const { poll } = scriptedPoll(update("pending"));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(1500);
    controller.abort(new Error("user cancelled"));
    const outcome = await waiting;
    expect(outcome).toMatchObject({ status: "aborted", polls: 2, lastStatus: "pending", elapsedMs: 1500 });
    expect(outcome.status === "aborted" && (outcome.reason as Error).message).toBe("user cancelled");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops cleanly when aborted during a poll, and passes the signal to the poll", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const poll: PollApprovalStatus = (options) =>
      new Promise((_resolve, reject) => {
        seen = options.signal;
        options.signal?.addEventListener("abort", () => reject(options.signal?.reason));
      });
    const waiting = pollUntilApprovalSettles(poll, ID, { signal: controller.signal });
    controller.abort();
    await expect(waiting).resolves.toMatchObject({
      status: "aborted",
      polls: 1,
      lastStatus: null,
      killSwitch: null,
    });
    expect(seen).toBe(controller.signal);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not poll at all when the signal is already aborted", async () => {
    const { poll } = scriptedPoll(update("pending"));
    const outcome = await pollUntilApprovalSettles(poll, ID, { signal: AbortSignal.abort() });
    expect(outcome).toMatchObject({ status: "aborted", polls: 0 });
    expect(poll).not.toHaveBeenCalled();
  });

  it("reports every poll, with its kill-switch state, to onUpdate", async () => {
    const on: KillSwitchState = {
      global: true,
      enabledAt: "2025-01-01T12:00:00.000Z",
      enabledBy: "u-1",
      toolsPaused: [],
    };
    const { poll } = scriptedPoll(update("pending"), update("pending", { killSwitch: on }), update("denied"));
    const onUpdate = vi.fn();
    const waiting = pollUntilApprovalSettles(poll, ID, {
      random: () => 0.5,
      onUpdate,
      stopOnKillSwitch: false,
    });
    await vi.advanceTimersByTimeAsync(2500);
    await expect(waiting).resolves.toMatchObject({ status: "denied", killSwitch: OFF });
    expect(
      onUpdate.mock.calls.map(([seen]) => [seen.status, seen.killSwitch.global, seen.polls, seen.elapsedMs]),
    ).toEqual([
      ["pending", false, 1, 0],
      ["pending", true, 2, 1000],
      ["denied", false, 3, 2500],
    ]);
  });

  it("keeps the last kill-switch state in the outcome", async () => {
    const paused: KillSwitchState = { ...OFF, toolsPaused: ["github"] };
    const { poll } = scriptedPoll(update("pending", { killSwitch: paused }));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, timeoutMs: 1500 });
    await vi.advanceTimersByTimeAsync(1500);
    await expect(waiting).resolves.toMatchObject({ status: "timed_out", killSwitch: paused });
  });

  it("keeps waiting through an active kill switch only with stopOnKillSwitch: false", async () => {
    const on: KillSwitchState = { ...OFF, global: true };
    const { poll } = scriptedPoll(update("pending", { killSwitch: on }), update("denied"));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, stopOnKillSwitch: false });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(waiting).resolves.toMatchObject({ status: "denied" });
  });

  it("stops on the global kill switch by default", async () => {
    const on: KillSwitchState = { ...OFF, global: true };
    const { poll } = scriptedPoll(update("pending"), update("pending", { killSwitch: on }));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(waiting).resolves.toMatchObject({ status: "kill_switch", lastStatus: "pending", polls: 2 });
  });

  it("does not return approved as a go-ahead while the kill switch is on", async () => {
    const on: KillSwitchState = { ...OFF, global: true };
    const { poll } = scriptedPoll(update("approved", { killSwitch: on }));
    await expect(pollUntilApprovalSettles(poll, ID, { random: () => 0.5 })).resolves.toMatchObject({
      status: "kill_switch",
      lastStatus: "approved",
      killSwitch: on,
    });
    const paused: KillSwitchState = { ...OFF, toolsPaused: ["github"] };
    const pausedPoll = scriptedPoll(update("approved", { killSwitch: paused })).poll;
    await expect(
      pollUntilApprovalSettles(pausedPoll, ID, { random: () => 0.5, stopOnKillSwitch: { tool: "github" } }),
    ).resolves.toMatchObject({ status: "kill_switch", lastStatus: "approved" });
  });

  it("returns a final answer as it is, even with the kill switch on", async () => {
    const on: KillSwitchState = { ...OFF, global: true };
    const { poll } = scriptedPoll(update("executed", { killSwitch: on, result: { ok: 1 } }));
    await expect(pollUntilApprovalSettles(poll, ID, { random: () => 0.5 })).resolves.toMatchObject({
      status: "executed",
    });
  });

  it("stops on the global kill switch when stopOnKillSwitch is true", async () => {
    const on: KillSwitchState = { ...OFF, global: true };
    const { poll } = scriptedPoll(update("pending"), update("pending", { killSwitch: on }));
    const waiting = pollUntilApprovalSettles(poll, ID, { random: () => 0.5, stopOnKillSwitch: true });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(waiting).resolves.toMatchObject({
      status: "kill_switch",
      lastStatus: "pending",
      killSwitch: on,
      polls: 2,
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops on a paused tool, and only that tool, when stopOnKillSwitch names it", async () => {
    const linearPaused: KillSwitchState = { ...OFF, toolsPaused: ["linear"] };
    const githubPaused: KillSwitchState = { ...OFF, toolsPaused: ["github"] };
    const { poll } = scriptedPoll(
      update("pending", { killSwitch: linearPaused }),
      update("pending", { killSwitch: githubPaused }),
    );
    const waiting = pollUntilApprovalSettles(poll, ID, {
      random: () => 0.5,
      stopOnKillSwitch: { tool: "github" },
    });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(waiting).resolves.toMatchObject({
      status: "kill_switch",
      killSwitch: githubPaused,
      polls: 2,
    });
  });

  it("reports a terminal state even when the kill switch is on", async () => {
    const on: KillSwitchState = { ...OFF, global: true };
    const { poll } = scriptedPoll(update("failed", { killSwitch: on, result: null }));
    await expect(pollUntilApprovalSettles(poll, ID, { stopOnKillSwitch: true })).resolves.toMatchObject({
      status: "failed",
      killSwitch: on,
    });
  });

  it("ends the wait with the error thrown by onUpdate, without polling again", async () => {
    const { poll } = scriptedPoll(update("pending"));
    const bug = new SentrailServerError("thrown by the callback, not by a poll");
    await expect(
      pollUntilApprovalSettles(poll, ID, {
        onUpdate: () => {
          throw bug;
        },
      }),
    ).rejects.toBe(bug);
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it("uses an injected clock and sleep instead of timers", async () => {
    vi.useRealTimers();
    let clock = 0;
    const sleeps: number[] = [];
    const { poll } = scriptedPoll(update("pending"), update("pending"), update("approved"));
    const outcome = await pollUntilApprovalSettles(poll, ID, {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      random: () => 0,
    });
    expect(sleeps).toEqual([800, 1200]);
    expect(outcome).toMatchObject({ status: "approved", elapsedMs: 2000, polls: 3 });
  });
});
