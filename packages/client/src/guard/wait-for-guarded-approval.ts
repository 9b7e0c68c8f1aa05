import type { KillSwitchBroadcast } from "../create-kill-switch-broadcast";
import type { SentrailClient } from "../create-sentrail-client";
import { KillSwitchStop } from "../kill-switch-stop";
import { linkAbortSignals } from "../link-abort-signals";
import type {
  ApprovalPollUpdate,
  WaitForApprovalOptions,
  WaitForApprovalOutcome,
} from "../poll-until-approval-settles";
import type { ToolName } from "../sentrail-api-types";
import type { GuardSettlement } from "./create-guard-outcome";
import type { GuardReplay, GuardWaitSummary } from "./guard-outcome";

/** The polling knobs the guard passes through to `waitForApproval`. */
export type GuardPollingOptions = Pick<
  WaitForApprovalOptions,
  "initialDelayMs" | "multiplier" | "maxDelayMs" | "requestTimeoutMs" | "now" | "sleep" | "random"
>;

/** One approval wait of the guard. */
export interface GuardedApprovalWait {
  client: Pick<SentrailClient, "waitForApproval">;
  broadcast: KillSwitchBroadcast;
  /** The evaluate-action tool, for the per-tool pause. */
  tool: ToolName;
  correlationId: string;
  replay: GuardReplay;
  /** The run's signal (all callers gone). */
  signal: AbortSignal;
  timeoutMs: number;
  polling: GuardPollingOptions;
  /** Called after every poll that still shows the approval open. */
  onPending(update: ApprovalPollUpdate): void;
  /** Called after every poll that shows the approval approved and not yet settled (Sentrail-side replay). */
  onApproved?: (() => void) | undefined;
}

/** How the wait ended: approved (the guard runs the tool itself), or settled without running it. */
export type GuardedApprovalVerdict =
  | { kind: "approved"; wait: GuardWaitSummary }
  | { kind: "settled"; settlement: GuardSettlement<unknown>; wait: GuardWaitSummary };

/**
 * Waits for one approval with the client's bounded, cancellable `waitForApproval`, and joins it to the
 * guard's kill-switch broadcast: this wait ends as soon as any wait of the guard sees the global kill
 * switch on or this tool paused, and when this one sees it, all the others end too. An approval whose
 * final poll shows the switch on is not run (as Sentrail does for its own replays, §7.5, §8.4).
 *
 * Never rejects: a poll error that ends the wait (401, 404) becomes an `unavailable` settlement.
 *
 * @example
 * ```ts
 * const verdict = await waitForGuardedApproval({ client, broadcast, tool, correlationId, replay: "self", signal, timeoutMs, polling: {}, onPending });
 * if (verdict.kind === "approved") await execute();
 * ```
 */
export async function waitForGuardedApproval(wait: GuardedApprovalWait): Promise<GuardedApprovalVerdict> {
  const membership = wait.broadcast.enter(wait.tool);
  const linked = linkAbortSignals([wait.signal, membership.signal]);
  let stop: KillSwitchStop | undefined;
  let outcome: WaitForApprovalOutcome;
  try {
    outcome = await wait.client.waitForApproval(wait.correlationId, {
      ...wait.polling,
      signal: linked.signal,
      timeoutMs: wait.timeoutMs,
      until: wait.replay === "sentrail" ? "execution" : "decision",
      stopOnKillSwitch: { tool: wait.tool },
      onUpdate(update) {
        stop = wait.broadcast.report(wait.tool, update.killSwitch) ?? stop;
        if (update.status === "pending") wait.onPending(update);
        else if (update.status === "approved") wait.onApproved?.();
      },
    });
  } catch (error) {
    const summary: GuardWaitSummary = { polls: 0, elapsedMs: 0, lastStatus: null, killSwitch: null };
    return { kind: "settled", settlement: { status: "unavailable", error }, wait: summary };
  } finally {
    membership.leave();
    linked.dispose();
  }

  const lastStatus = "lastStatus" in outcome ? outcome.lastStatus : outcome.status;
  const summary: GuardWaitSummary = {
    polls: outcome.polls,
    elapsedMs: outcome.elapsedMs,
    lastStatus,
    killSwitch: outcome.killSwitch,
  };
  const settled = (settlement: GuardSettlement<unknown>): GuardedApprovalVerdict => ({
    kind: "settled",
    settlement,
    wait: summary,
  });
  // Another wait of this guard saw the switch and ended this one.
  if (linked.signal.reason instanceof KillSwitchStop) stop ??= linked.signal.reason;

  switch (outcome.status) {
    case "executed":
      return settled({
        status: "executed",
        result: outcome.result,
        via: "sentrail_replay",
        ranAlthough: null,
      });
    case "failed":
      return settled({ status: "failed", via: "sentrail_replay", ranAlthough: null, error: outcome.result });
    case "denied":
      return settled({ status: "denied" });
    case "expired":
      return settled({ status: "expired" });
    case "timed_out":
      return settled({ status: "timed_out", timeoutMs: wait.timeoutMs, error: outcome.lastError });
    case "kill_switch":
      return settled({
        status: "kill_switch",
        reason: stop?.reason ?? killSwitchReason(wait.tool, outcome),
      });
    case "aborted":
      if (stop && !wait.signal.aborted) return settled({ status: "kill_switch", reason: stop.reason });
      return settled({ status: "aborted", executeStarted: false, error: outcome.reason });
    case "approved":
      // Approved, but the switch went on meanwhile: an approval never outranks the kill switch.
      if (stop) return settled({ status: "kill_switch", reason: stop.reason });
      if (wait.signal.aborted)
        return settled({ status: "aborted", executeStarted: false, error: wait.signal.reason });
      return { kind: "approved", wait: summary };
  }
}

function killSwitchReason(tool: ToolName, outcome: WaitForApprovalOutcome): string {
  return outcome.killSwitch?.global === false ? `Tool ${tool} is paused` : "Kill switch is active";
}
