import type { ToolName } from "../sentrail-api-types";
import type { EvaluateActionResult } from "../to-evaluate-action-result";
import type { GuardRecord, GuardStore } from "./guard-store";

/**
 * Thrown inside a run when a compare-and-set found the record changed by another run (another guard
 * instance or process, or one that presumed this run dead): the run reads the record again and follows
 * it instead of acting on what it read before.
 */
export class ClaimLost extends Error {
  constructor() {
    super("Another run changed this call's record");
    this.name = "ClaimLost";
  }
}

/** What the ledger needs of the guard. */
export interface CallLedgerRuntime {
  store: GuardStore;
  leaseMs: number;
}

/**
 * One run's hold on one call's record: every write is a `claim` from the revision this run last
 * wrote or read, and while the run evaluates or executes it renews its lease (every third of
 * `leaseMs`), so runs elsewhere can tell a live owner from a dead one.
 */
export interface CallLedger {
  /** Set once `execute` has started in this run. */
  executed: boolean;
  /** The `awaiting_approval` record this run wrote, if it wrote one. */
  readonly awaiting: GuardRecord | undefined;
  /** Claims `evaluating` (throws {@link ClaimLost} if the record changed) and starts renewing the lease. */
  holdEvaluating(): Promise<void>;
  /** Writes the open approval (lease ends: anyone may wait on an approval). */
  awaitApproval(
    tool: ToolName,
    evaluation: EvaluateActionResult,
  ): Promise<Extract<GuardRecord, { state: "awaiting_approval" }>>;
  /** Claims `executing` (throws {@link ClaimLost} if the record changed) and renews the lease until `write`. */
  holdExecuting(evaluation: EvaluateActionResult | null): Promise<void>;
  /** The last write: `next` (or removal) from this run's revision; false when another run changed it. */
  write(next: GuardRecord | null): Promise<boolean>;
  /** Stops renewing without writing. */
  release(): void;
}

/**
 * Creates the ledger of one run, starting from the revision it read (`null`: no record). Without a
 * `callKey` (a call without a tool-call id) nothing is stored and every step succeeds.
 *
 * @example
 * ```ts
 * const ledger = createCallLedger(record?.revision ?? null, runtime, "refund", callKey);
 * await ledger.holdEvaluating();
 * ```
 */
export function createCallLedger(
  revision: string | null,
  runtime: CallLedgerRuntime,
  toolName: string,
  callKey?: string,
): CallLedger {
  const owner = globalThis.crypto.randomUUID();
  let current = revision;
  let held: GuardRecord | undefined;
  let renewal: ReturnType<typeof setInterval> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let awaiting: Extract<GuardRecord, { state: "awaiting_approval" }> | undefined;

  /** Store steps of one run happen in order (a renewal never overtakes a state change). */
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };
  const claim = (next: GuardRecord | null): Promise<boolean> =>
    serial(async () => {
      if (callKey === undefined) return true;
      const won = await runtime.store.claim(callKey, current, next);
      if (won) current = next?.revision ?? null;
      return won;
    });
  const stopRenewing = () => {
    if (renewal !== undefined) clearInterval(renewal);
    renewal = undefined;
    held = undefined;
  };
  const hold = async (record: GuardRecord) => {
    stopRenewing();
    if (!(await claim(record))) throw new ClaimLost();
    if (callKey === undefined) return;
    held = record;
    renewal = setInterval(
      () => {
        const base = held;
        if (base === undefined || (base.state !== "evaluating" && base.state !== "executing")) return;
        const renewed = { ...base, revision: newRevision(), leaseUntil: Date.now() + runtime.leaseMs };
        // A failed renewal (store down, or the record taken over) leaves the final write to find out.
        claim(renewed).then(
          (won) => {
            if (won && held === base) held = renewed;
            else if (!won) stopRenewing();
          },
          () => undefined,
        );
      },
      Math.max(1, Math.floor(runtime.leaseMs / 3)),
    );
    // Never keeps a process alive by itself (Node); a no-op elsewhere.
    (renewal as { unref?: () => void }).unref?.();
  };

  return {
    executed: false,
    get awaiting() {
      return awaiting;
    },
    holdEvaluating: () =>
      hold({
        state: "evaluating",
        revision: newRevision(),
        toolName,
        owner,
        leaseUntil: Date.now() + runtime.leaseMs,
      }),
    async awaitApproval(tool, evaluation) {
      stopRenewing();
      const record = {
        state: "awaiting_approval" as const,
        revision: newRevision(),
        toolName,
        tool,
        evaluation,
      };
      if (!(await claim(record))) throw new ClaimLost();
      awaiting = record;
      return record;
    },
    holdExecuting: (evaluation) =>
      hold({
        state: "executing",
        revision: newRevision(),
        toolName,
        evaluation,
        owner,
        leaseUntil: Date.now() + runtime.leaseMs,
      }),
    write(next) {
      stopRenewing();
      return claim(next);
    },
    release: stopRenewing,
  };
}

function newRevision(): string {
  return globalThis.crypto.randomUUID();
}
