import { isGuardApprovalHandle } from "@sentrail/client";
import type { SentrailApprovalInterrupt } from "./create-sentrail-approval-interrupt";

/**
 * Whether an interrupt value (`result.__interrupt__[i].value`) is Sentrail's approval interrupt, as
 * opposed to `humanInTheLoopMiddleware`'s or a tool's own. Accepts values read back from JSON.
 *
 * @example
 * ```ts
 * for (const { id, value } of result.__interrupt__ ?? []) {
 *   if (isSentrailApprovalInterrupt(value)) await notifyReviewer(value.approvalRequestId, value.reason);
 * }
 * ```
 */
export function isSentrailApprovalInterrupt(value: unknown): value is SentrailApprovalInterrupt {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<SentrailApprovalInterrupt>;
  return (
    candidate.type === "sentrail_approval" &&
    typeof candidate.toolName === "string" &&
    typeof candidate.approvalRequestId === "string" &&
    isGuardApprovalHandle(candidate.handle)
  );
}
