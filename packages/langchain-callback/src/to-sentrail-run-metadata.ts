import type { Decision } from "@sentrail/client";

/**
 * What a LangChain tool run carries in its `metadata` when Sentrail let it start: flat `sentrail_*`
 * keys (LangSmith filters and groups runs by top-level metadata keys and string values). Ids and the
 * decision only: never the arguments, the agent id or a credential.
 *
 * @example
 * ```ts
 * // LangSmith: metadata key "sentrail_correlation_id" = the id on the Sentrail audit row.
 * const metadata: SentrailRunMetadata = { sentrail_decision: "allow", sentrail_correlation_id: id, sentrail_audit_log_id: row };
 * ```
 */
export interface SentrailRunMetadata {
  sentrail_decision: Decision;
  sentrail_correlation_id: string;
  sentrail_audit_log_id: string;
  /** Only when a reviewer was asked (`require_approval`, then approved). */
  sentrail_approval_request_id?: string;
  sentrail_matched_policy_id?: string;
}

/** The Sentrail fields both an evaluation and a guard outcome carry. */
interface SentrailIds {
  decision: Decision | null;
  correlationId: string | null;
  auditLogId: string | null;
  approvalRequestId?: string | null;
  matchedPolicyId: string | null;
}

/**
 * The tool run's metadata for the decision that let it start, or `undefined` when no decision arrived
 * (failing open, shadow mode: the tool starts before or without Sentrail's answer).
 *
 * @example
 * ```ts
 * toSentrailRunMetadata({ decision: "allow", correlationId: "c-1", auditLogId: "a-1", matchedPolicyId: null });
 * // => { sentrail_decision: "allow", sentrail_correlation_id: "c-1", sentrail_audit_log_id: "a-1" }
 * ```
 */
export function toSentrailRunMetadata(ids: SentrailIds | null | undefined): SentrailRunMetadata | undefined {
  if (!ids || ids.decision === null || ids.correlationId === null || ids.auditLogId === null)
    return undefined;
  const metadata: SentrailRunMetadata = {
    sentrail_decision: ids.decision,
    sentrail_correlation_id: ids.correlationId,
    sentrail_audit_log_id: ids.auditLogId,
  };
  if (ids.approvalRequestId) metadata.sentrail_approval_request_id = ids.approvalRequestId;
  if (ids.matchedPolicyId) metadata.sentrail_matched_policy_id = ids.matchedPolicyId;
  return metadata;
}
