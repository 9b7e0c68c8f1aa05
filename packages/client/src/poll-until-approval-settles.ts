import { abortableSleep } from "./abortable-sleep";
import { computeBackoffDelay } from "./compute-backoff-delay";
import type { RequestOptions } from "./create-sentrail-transport";
import { isRetryablePollError } from "./is-retryable-poll-error";
import type { ApprovalStatus, ToolName } from "./sentrail-api-types";
import type { SentrailError } from "./sentrail-error";
import type { ApprovalStatusUpdate, KillSwitchState } from "./to-approval-status-update";

/**
 * Default overall wait: the default approval TTL (24 h); an approval cannot stay pending longer.
 *
 * @example
 * ```ts
 * pollUntilApprovalSettles(poll, id, { timeoutMs: DEFAULT_WAIT_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_WAIT_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * What one successful poll reported, passed to `onUpdate`.
 *
 * @example
 * ```ts
 * await client.waitForApproval(id, { onUpdate: (update) => console.log(update.polls, update.status, update.killSwitch.global) });
 * ```
 */
export interface ApprovalPollUpdate extends ApprovalStatusUpdate {
  /** Polls sent so far, this one included (failed ones too). */
  polls: number;
  /** Milliseconds since the wait started. */
  elapsedMs: number;
}

/**
 * Options of `waitForApproval`. Every field is optional.
 *
 * @example
 * ```ts
 * await client.waitForApproval(id, {
 *   signal: controller.signal,
 *   timeoutMs: 15 * 60_000,
 *   stopOnKillSwitch: { tool: "github" },
 *   onUpdate: (update) => console.log(update.status),
 * });
 * ```
 */
export interface WaitForApprovalOptions {
  /** Ends the wait with `{ status: "aborted" }`; an in-flight poll is cancelled, the sleep timer cleared. */
  signal?: AbortSignal;
  /**
   * Overall limit in milliseconds; then `{ status: "timed_out" }`. Default 24 h (the approval TTL). The
   * first poll is always sent: `0` looks once and returns the status or `timed_out` without waiting.
   */
  timeoutMs?: number;
  /** Per-poll request timeout. Default: the client's `timeoutMs` (10 s). */
  requestTimeoutMs?: number;
  /** Called after every successful poll, with the kill-switch state it showed. A throw ends the wait with that error. */
  onUpdate?: (update: ApprovalPollUpdate) => void;
  /** First delay between polls. Default 1000 ms. */
  initialDelayMs?: number;
  /** Growth factor of the delay. Default 1.5. */
  multiplier?: number;
  /** Cap of the delay (before `Retry-After`). Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * `"decision"` (default): `approved` ends the wait; right for `evaluateAction`, where the caller then
   * performs the action itself. `"execution"`: keep polling through `approved` until Sentrail has run the
   * stored call (`executed`/`failed`); right for gateway and MCP approvals.
   */
  until?: "decision" | "execution";
  /**
   * When the kill switch ends the wait with `{ status: "kill_switch" }`: `true` (default) on the global
   * switch, `{ tool }` on the global switch or this tool paused, `false` never. It ends the wait while
   * the approval is still open, and also when a reviewer approved but the switch is on (an approval
   * never outranks the kill switch: `approved` is not returned as a go-ahead then). With the agent
   * client, any answer of the same client that shows the switch (another wait's poll, an evaluation or
   * mcp-gate call refused with "Kill switch is active") ends the wait at once, not at its next poll.
   */
  stopOnKillSwitch?: boolean | { tool: ToolName };
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Sleep used between polls; must reject with `signal.reason` when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface OutcomeFields {
  correlationId: string;
  /** Kill-switch state of the last successful poll; `null` if no poll succeeded. */
  killSwitch: KillSwitchState | null;
  /** Polls sent, failed ones included. */
  polls: number;
  elapsedMs: number;
}

/**
 * How a wait ended; a union on `status`. Terminal approval states carry what the server said;
 * `timed_out`, `aborted` and `kill_switch` say where the approval stood when the wait gave up.
 *
 * @example
 * ```ts
 * const outcome = await client.waitForApproval(id);
 * switch (outcome.status) {
 *   case "approved":
 *     return runTheAction();
 *   case "executed":
 *     return outcome.result;
 *   default:
 *     throw new Error(`not approved: ${outcome.status}`);
 * }
 * ```
 */
export type WaitForApprovalOutcome =
  | (OutcomeFields & { status: "executed"; result: unknown })
  | (OutcomeFields & { status: "failed"; result: unknown })
  | (OutcomeFields & { status: "approved" })
  | (OutcomeFields & { status: "denied" })
  | (OutcomeFields & { status: "expired" })
  | (OutcomeFields & {
      status: "timed_out";
      lastStatus: ApprovalStatus | null;
      lastError: SentrailError | null;
    })
  | (OutcomeFields & { status: "aborted"; reason: unknown; lastStatus: ApprovalStatus | null })
  | (OutcomeFields & {
      status: "kill_switch";
      /** The approval's status when the switch stopped the wait (`approved` too); `null` before any poll answered. */
      lastStatus: ApprovalStatus | null;
    });

/**
 * One status poll, already bound to a correlation id (no retries of its own).
 *
 * @example
 * ```ts
 * const poll: PollApprovalStatus = (options) => fetchStatus(id, options);
 * ```
 */
export type PollApprovalStatus = (options: RequestOptions) => Promise<ApprovalStatusUpdate>;

/**
 * Polls until the approval reaches a terminal state, the timeout passes, the caller aborts, or the
 * kill switch shows up (unless `stopOnKillSwitch: false`). Schedule: a poll right away, then delays of 1 s, 1.5 s, 2.25 s … capped at
 * 10 s, each with ±20 % jitter ({@link computeBackoffDelay}); a `Retry-After` on 429/503 raises the next
 * delay, never lowers it. Retryable poll failures (network, timeout, unreadable, 5xx, 429) keep the wait
 * going; 401, 404 and other errors reject with the typed error. The final sleep is shortened to the
 * deadline, so the wait never overruns `timeoutMs` by more than one request's time.
 *
 * Retrying here is safe because the poll is a GET that only reads state (see {@link isRetryablePollError}).
 *
 * @example
 * ```ts
 * const outcome = await pollUntilApprovalSettles((options) => pollStatusOnce(id, options), id, {
 *   timeoutMs: 10 * 60_000,
 * });
 * ```
 */
export async function pollUntilApprovalSettles(
  poll: PollApprovalStatus,
  correlationId: string,
  options: WaitForApprovalOptions = {},
): Promise<WaitForApprovalOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const signal = options.signal;
  const schedule = {
    initialDelayMs: options.initialDelayMs ?? 1000,
    multiplier: options.multiplier ?? 1.5,
    maxDelayMs: options.maxDelayMs ?? 10_000,
  };
  const startedAt = now();
  const deadline = startedAt + (options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
  const stopOnKillSwitch = options.stopOnKillSwitch ?? true;
  const stopTool = typeof stopOnKillSwitch === "object" ? stopOnKillSwitch.tool : undefined;
  const stopOnGlobal = stopOnKillSwitch !== false;

  let polls = 0;
  let killSwitch: KillSwitchState | null = null;
  let lastStatus: ApprovalStatus | null = null;
  let lastError: SentrailError | null = null;
  const fields = (): OutcomeFields => ({ correlationId, killSwitch, polls, elapsedMs: now() - startedAt });
  const aborted = (): WaitForApprovalOutcome => ({
    ...fields(),
    status: "aborted",
    reason: signal?.reason,
    lastStatus,
  });
  const timedOut = (): WaitForApprovalOutcome => ({
    ...fields(),
    status: "timed_out",
    lastStatus,
    lastError,
  });

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) return aborted();
    const remaining = deadline - now();
    // The first poll always goes out, so `timeoutMs: 0` means "look once, do not wait".
    if (remaining <= 0 && attempt > 0) return timedOut();

    let retryAfterMs = 0;
    let update: ApprovalStatusUpdate | undefined;
    polls++;
    try {
      const requestOptions: RequestOptions = {
        timeoutMs:
          attempt === 0 && remaining <= 0
            ? (options.requestTimeoutMs ?? 10_000)
            : Math.min(options.requestTimeoutMs ?? remaining, remaining),
      };
      if (signal) requestOptions.signal = signal;
      update = await poll(requestOptions);
    } catch (error) {
      if (signal?.aborted) return aborted();
      if (!isRetryablePollError(error)) throw error;
      lastError = error;
      retryAfterMs = error.retryAfterMs ?? 0;
    }

    if (update) {
      lastStatus = update.status;
      lastError = null;
      killSwitch = update.killSwitch;
      options.onUpdate?.({ ...update, polls, elapsedMs: now() - startedAt });
      const { global, toolsPaused } = update.killSwitch;
      const stopped = (stopOnGlobal && global) || (stopTool !== undefined && toolsPaused.includes(stopTool));
      // An open or approved call does not go ahead while the switch is on; a final answer stands.
      if (stopped && (update.status === "pending" || update.status === "approved")) {
        return { ...fields(), status: "kill_switch", lastStatus: update.status };
      }
      const outcome = toTerminalOutcome(update, options.until ?? "decision", fields());
      if (outcome) return outcome;
    }

    // Retry-After only ever lengthens the wait; jitter is applied to the schedule, not to Retry-After.
    const delay = Math.max(computeBackoffDelay(attempt, schedule, random), retryAfterMs);
    const left = deadline - now();
    if (left <= 0) return timedOut();
    try {
      await sleep(Math.min(delay, left), signal);
    } catch (error) {
      if (signal?.aborted) return aborted();
      throw error;
    }
  }
}

function toTerminalOutcome(
  update: ApprovalStatusUpdate,
  until: "decision" | "execution",
  fields: OutcomeFields,
): WaitForApprovalOutcome | undefined {
  switch (update.status) {
    case "executed":
      return { ...fields, status: "executed", result: update.result };
    case "failed":
      return { ...fields, status: "failed", result: update.result };
    case "denied":
      return { ...fields, status: "denied" };
    case "expired":
      return { ...fields, status: "expired" };
    case "approved":
      return until === "decision" ? { ...fields, status: "approved" } : undefined;
    default:
      return undefined;
  }
}
