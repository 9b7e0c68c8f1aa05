import { asRecord, stringOr } from "./as-record";
import type { ApprovalStatus, ToolName } from "./sentrail-api-types";
import { SentrailUnavailableError } from "./sentrail-error";

const APPROVAL_STATUSES: ReadonlySet<string> = new Set<ApprovalStatus>([
  "pending",
  "approved",
  "denied",
  "expired",
  "executed",
  "failed",
]);

/**
 * The workspace kill-switch state as seen by a status poll. Keys the server omits are normalised:
 * `enabledAt`/`enabledBy` → `null`, `toolsPaused` → `[]`, `global` → `false`.
 *
 * @example
 * ```ts
 * const { killSwitch } = await client.getApprovalStatus(id);
 * if (killSwitch.global || killSwitch.toolsPaused.includes("github")) console.warn("paused");
 * ```
 */
export interface KillSwitchState {
  /** The global kill switch: every evaluation is blocked while it is on. */
  global: boolean;
  /** ISO-8601 time the switch was turned on, or `null`. */
  enabledAt: string | null;
  /** User id that turned it on, or `null`. */
  enabledBy: string | null;
  /** Tools paused individually. */
  toolsPaused: ToolName[];
}

/**
 * One answer of `GET /gateway-proxy/status/{correlationId}`, normalised.
 *
 * @example
 * ```ts
 * const update = await client.getApprovalStatus(id);
 * if (update.status === "executed") console.log(update.result);
 * ```
 */
export interface ApprovalStatusUpdate {
  correlationId: string;
  /** Current approval status. */
  status: ApprovalStatus;
  /** The original decision; `"require_approval"` for every approval. */
  decision: string;
  /** The tool's response once `executed`, the error object once `failed`, otherwise `null`. */
  result: unknown;
  killSwitch: KillSwitchState;
  /** Present when the server sends it (the mock does; the documented service may not). */
  approvalRequestId?: string;
}

/**
 * Validates and normalises a status-poll body. Unknown fields are ignored; a body without a known
 * `status` is unreadable (it must never be mistaken for a decision).
 *
 * @example
 * ```ts
 * const update = toApprovalStatusUpdate(await response.json(), correlationId);
 * if (update.status === "executed") use(update.result);
 * ```
 */
export function toApprovalStatusUpdate(body: unknown, correlationId: string): ApprovalStatusUpdate {
  const record = asRecord(body);
  const { status, approvalRequestId } = record;
  if (!APPROVAL_STATUSES.has(status as string)) {
    throw new SentrailUnavailableError("unreadable", "Unreadable approval status answer");
  }
  const killSwitch = asRecord(record.killSwitch);
  const update: ApprovalStatusUpdate = {
    correlationId,
    status: status as ApprovalStatus,
    decision: stringOr(record.decision, "require_approval"),
    result: record.result ?? null,
    killSwitch: {
      global: killSwitch.global === true,
      enabledAt: stringOr(killSwitch.enabledAt, null),
      enabledBy: stringOr(killSwitch.enabledBy, null),
      toolsPaused: Array.isArray(killSwitch.toolsPaused)
        ? killSwitch.toolsPaused.filter((tool): tool is ToolName => typeof tool === "string")
        : [],
    },
  };
  if (typeof approvalRequestId === "string") update.approvalRequestId = approvalRequestId;
  return update;
}
