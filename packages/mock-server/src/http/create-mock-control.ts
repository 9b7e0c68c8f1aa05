import { applySeed } from "../engine/apply-seed.js";
import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { createUnsignedJwt } from "../engine/create-unsigned-jwt.js";
import { MockControlError } from "../engine/mock-control-error.js";
import type { Seed, SeedResult } from "../engine/seed-types.js";
import { type MockState, snapshotState } from "../engine/snapshot-state.js";
import type { UpstreamScript } from "../upstream/upstream-types.js";
import { FAULT_ENDPOINTS, type FaultQueue, type MockFault } from "./fault-queue.js";

/** Longest `delayMs` a script or fault may ask for: `setTimeout`'s limit (2^31 - 1 ms, about 24.8 days). */
export const MAX_DELAY_MS = 2_147_483_647;

const OUT_OF_RANGE = "the clock must stay between 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z";

/** A clock change: move by `advanceMs`, or jump to `set` (ISO-8601). */
export type MockClockChange = { advanceMs: number } | { set: string };

/** Edits a stored deferred action, to test the integrity check of §7.4. */
export interface DeferredActionTampering {
  targetUrl?: string;
  method?: string;
  body?: string | null;
}

/**
 * The mock's control plane in process: the operations of `/__mock/*` (mock-server.md §3) as methods.
 * Invalid input throws {@link MockControlError} and changes nothing.
 */
export interface MockControl {
  /** Removes every workspace, key, policy, log, approval, notification, upstream record, script, fault and cache; real time again. */
  reset(): void;
  /** Loads a seed (additive). Refused whole, with a message naming what and where, when it breaks the contract. */
  seed(seed: Seed): Promise<SeedResult>;
  /** Every table, oldest first, secrets excluded (what `GET /__mock/state` answers). */
  state(): MockState;
  /**
   * Resolves once background work (Slack deliveries) has finished, or after `timeoutMs` when given.
   * `GET /__mock/state` waits for it, up to one second.
   */
  settle(options?: { timeoutMs?: number }): Promise<void>;
  /** Reads (no argument) or changes the mock clock; returns the new time as ISO-8601. */
  clock(change?: MockClockChange): string;
  /** An unsigned JWT whose `sub` is `userId`, for the dashboard endpoints. */
  token(userId: string, email?: string | null): string;
  /** Queues a scripted upstream answer for the next `times` calls reaching that tool's upstream. */
  upstream(script: UpstreamScript): void;
  /** Queues a fault for the next `times` calls to a Sentrail endpoint, before the engine sees them. */
  faults(fault: MockFault): void;
  /**
   * [Test hook] Changes the stored call of an approval's deferred action without updating its hash,
   * so approving it exercises `action_hash_mismatch` (§7.4). Throws when there is none.
   */
  tamperDeferredAction(approvalRequestId: string, changes: DeferredActionTampering): void;
}

/**
 * Creates the programmatic control over an engine and its fault queue. The HTTP control plane
 * (`/__mock/*`) is a thin translation of these methods, so both behave the same.
 *
 * @example
 * const control = createMockControl(engine, faults);
 * const { tokens } = await control.seed({ workspaces: [{ name: "Acme" }] });
 * control.clock({ advanceMs: 25 * 3_600_000 });
 */
export function createMockControl(engine: SentrailEngine, faults: FaultQueue): MockControl {
  return {
    reset() {
      engine.reset();
      faults.reset();
    },
    seed: (seed) => applySeed(engine, seed),
    state: () => snapshotState(engine),
    settle: (options) => engine.notifications.settle(options),
    clock(change) {
      if (change === undefined) return engine.clock.nowIso();
      if (change === null || typeof change !== "object") {
        throw new MockControlError("Provide advanceMs (a number) or set (an ISO-8601 date)");
      }
      // Everything is checked before the clock moves: a refused change leaves it where it was.
      if (Object.hasOwn(change, "advanceMs")) {
        const { advanceMs } = change as { advanceMs: unknown };
        if (typeof advanceMs !== "number" || !Number.isFinite(advanceMs)) {
          throw new MockControlError("advanceMs must be a finite number");
        }
        const now = moveClock(() => engine.clock.advance(advanceMs));
        engine.approvals.expireDue();
        return now;
      }
      if (Object.hasOwn(change, "set")) {
        const { set } = change as { set: unknown };
        const ms = typeof set === "string" ? Date.parse(set) : Number.NaN;
        if (Number.isNaN(ms)) throw new MockControlError("set must be an ISO-8601 date");
        const now = moveClock(() => engine.clock.set(set as string));
        engine.approvals.expireDue();
        return now;
      }
      throw new MockControlError("Provide advanceMs (a number) or set (an ISO-8601 date)");
    },
    token(userId, email) {
      if (typeof userId !== "string" || userId.length === 0) throw new MockControlError("userId is required");
      return createUnsignedJwt({ userId, email: email ?? null, issuedAtMs: engine.clock.nowMs() });
    },
    upstream(script) {
      if (script === null || typeof script !== "object")
        throw new MockControlError("the script must be an object");
      if (script.tool !== "github" && script.tool !== "linear" && script.tool !== "mcp") {
        throw new MockControlError("tool must be one of github, linear, mcp");
      }
      checkAnswerFields(script);
      engine.upstream.script({ ...script });
    },
    faults(fault) {
      if (fault === null || typeof fault !== "object")
        throw new MockControlError("the fault must be an object");
      if (!(FAULT_ENDPOINTS as readonly string[]).includes(fault.endpoint)) {
        throw new MockControlError(`endpoint must be one of ${FAULT_ENDPOINTS.join(", ")}`);
      }
      checkAnswerFields(fault);
      faults.add(fault);
    },
    tamperDeferredAction(approvalRequestId, changes) {
      const deferred = engine.approvals.deferredFor(approvalRequestId);
      if (!deferred)
        throw new MockControlError(`approval request ${approvalRequestId} has no deferred action`);
      if (changes.targetUrl !== undefined) deferred.target_url = changes.targetUrl;
      if (changes.method !== undefined) deferred.method = changes.method.toUpperCase();
      if (changes.body !== undefined) deferred.body = changes.body;
    },
  };
}

/** The clock refuses (RangeError, unchanged) a time outside years 0000–9999; that is the caller's 400. */
function moveClock(move: () => string): string {
  try {
    return move();
  } catch (error) {
    if (error instanceof RangeError) throw new MockControlError(OUT_OF_RANGE);
    throw error;
  }
}

function checkAnswerFields(input: {
  status?: unknown;
  body?: unknown;
  delayMs?: unknown;
  networkError?: unknown;
  times?: unknown;
}): void {
  const { status, body, delayMs, networkError, times } = input;
  if (
    status !== undefined &&
    (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599)
  ) {
    throw new MockControlError("status must be an integer from 200 to 599");
  }
  if (
    delayMs !== undefined &&
    (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS)
  ) {
    // Past 2^31 - 1 ms `setTimeout` fires at once (with a warning) instead of waiting.
    throw new MockControlError(`delayMs must be a number from 0 to ${MAX_DELAY_MS}`);
  }
  if (networkError !== undefined && typeof networkError !== "boolean") {
    throw new MockControlError("networkError must be a boolean");
  }
  if (times !== undefined && (typeof times !== "number" || !Number.isSafeInteger(times) || times < 1)) {
    throw new MockControlError("times must be a positive integer");
  }
  if (body !== undefined && typeof body !== "string" && !isSerialisable(body)) {
    // Checked now, in process too: a body that cannot be sent would fail the call it is played on.
    throw new MockControlError("body must be a string or JSON-serialisable");
  }
}

function isSerialisable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
