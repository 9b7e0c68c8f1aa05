import type { ApprovalRequestRow, ApprovalStatus, DeferredActionRow } from "./engine-types.js";
import type { MockClock } from "./mock-clock.js";

/** `approval_requests` and `deferred_actions` with the state machine of §7.3. */
export interface ApprovalStore {
  /** Stores an approval request and its deferred action (if any) together, in one step (§7.1). */
  create(approval: ApprovalRequestRow, deferred: DeferredActionRow | null): void;
  get(id: string): ApprovalRequestRow | undefined;
  byCorrelationId(correlationId: string): ApprovalRequestRow | undefined;
  deferredFor(approvalId: string): DeferredActionRow | undefined;
  /**
   * Compare-and-set: moves `approval` from `from` to `to` and returns true, or returns false and
   * changes nothing when it is no longer in `from`. Synchronous, so two decisions racing on the same
   * request cannot both win.
   */
  transition(approval: ApprovalRequestRow, from: ApprovalStatus, to: ApprovalStatus): boolean;
  /** Marks a pending request whose `expires_at` has passed as `expired` (deferred action too); true if it did. */
  expireIfDue(approval: ApprovalRequestRow): boolean;
  /** Expires every pending request that is due (the `expire-approvals` sweep, §7.7). */
  expireDue(): void;
  listApprovals(): ApprovalRequestRow[];
  listDeferred(): DeferredActionRow[];
  reset(): void;
}

/**
 * Creates the approval store. Pending requests are tracked in a set so the expiry sweep touches only
 * them; lookups by id and correlation id are map reads.
 *
 * @example
 * const approvals = createApprovalStore(clock);
 * approvals.create(approval, deferred);
 * approvals.transition(approval, "pending", "approved"); // true
 * approvals.transition(approval, "pending", "denied");   // false → 409
 */
export function createApprovalStore(clock: MockClock): ApprovalStore {
  let approvals: ApprovalRequestRow[] = [];
  let deferredActions: DeferredActionRow[] = [];
  let byId = new Map<string, ApprovalRequestRow>();
  let byCorrelation = new Map<string, ApprovalRequestRow>();
  let deferredByApproval = new Map<string, DeferredActionRow>();
  let pending = new Set<ApprovalRequestRow>();

  const store: ApprovalStore = {
    create(approval, deferred) {
      approvals.push(approval);
      byId.set(approval.id, approval);
      byCorrelation.set(approval.correlation_id, approval);
      if (approval.status === "pending") pending.add(approval);
      if (deferred) {
        deferredActions.push(deferred);
        deferredByApproval.set(approval.id, deferred);
      }
    },
    get: (id) => byId.get(id),
    byCorrelationId: (correlationId) => byCorrelation.get(correlationId),
    deferredFor: (approvalId) => deferredByApproval.get(approvalId),
    transition(approval, from, to) {
      if (approval.status !== from) return false;
      approval.status = to;
      approval.updated_at = clock.nowIso();
      if (to !== "pending") pending.delete(approval);
      return true;
    },
    expireIfDue(approval) {
      if (approval.status !== "pending") return false;
      if (Date.parse(approval.expires_at) > clock.nowMs()) return false;
      store.transition(approval, "pending", "expired");
      const deferred = deferredByApproval.get(approval.id);
      if (deferred && deferred.status === "pending") deferred.status = "expired";
      return true;
    },
    expireDue() {
      for (const approval of [...pending]) store.expireIfDue(approval);
    },
    listApprovals: () => approvals.slice(),
    listDeferred: () => deferredActions.slice(),
    reset() {
      approvals = [];
      deferredActions = [];
      byId = new Map();
      byCorrelation = new Map();
      deferredByApproval = new Map();
      pending = new Set();
    },
  };
  return store;
}
