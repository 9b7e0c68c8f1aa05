import { asRecord, stringOr } from "./as-record";
import type { RiskClassification, RiskLevel } from "./sentrail-api-types";
import { SentrailUnavailableError } from "./sentrail-error";

const RISK_CLASSIFICATIONS: ReadonlySet<string> = new Set<RiskClassification>([
  "server_classified",
  "caller_supplied",
]);
const RISK_LEVELS: ReadonlySet<string> = new Set<RiskLevel>(["low", "medium", "high", "critical"]);

interface EvaluateActionFields {
  /** Human-readable explanation, e.g. `Policy 'Require approval for PRs' matched`. */
  reason: string;
  /** The deciding policy; `null` when the kill switch, a pause, the unknown-agent rule or the default decided. */
  matchedPolicyId: string | null;
  /** Audit row written for this evaluation. */
  auditLogId: string;
  /** Lifecycle id: the status-poll key and approval link. */
  correlationId: string;
  /** Absent when the service does not send `risk_classification` (older revision). */
  riskClassification?: RiskClassification;
  /** Effective risk level after classification, when the service sends it ([EXT]). */
  riskLevel?: RiskLevel;
}

/**
 * The decision of `evaluateAction`, a union on `decision` in the wire's words. A `block` is a result,
 * not an error; only `require_approval` carries an `approvalRequestId`.
 *
 * @example
 * ```ts
 * const result = await client.evaluateAction(input);
 * if (result.decision === "allow") await run();
 * else if (result.decision === "require_approval") await client.waitForApproval(result.correlationId);
 * else console.log("blocked:", result.reason);
 * ```
 */
export type EvaluateActionResult =
  | (EvaluateActionFields & { decision: "allow" })
  | (EvaluateActionFields & { decision: "block" })
  | (EvaluateActionFields & { decision: "require_approval"; approvalRequestId: string });

/**
 * Reads an evaluate-action body into {@link EvaluateActionResult}. Unknown fields are ignored and
 * `risk_classification` may be absent; an unknown `decision`, a missing id, or a `require_approval`
 * without `approvalRequestId` is unreadable, so nothing downstream can mistake it for an `allow`.
 *
 * @example
 * ```ts
 * const result = toEvaluateActionResult(body);
 * if (result.decision === "require_approval") console.log(result.approvalRequestId);
 * ```
 */
export function toEvaluateActionResult(body: unknown): EvaluateActionResult {
  const record = asRecord(body);
  const { decision, auditLogId, correlationId, approvalRequestId, risk_classification, riskLevel } = record;
  if (typeof auditLogId !== "string" || typeof correlationId !== "string") throw unreadable();
  const fields: EvaluateActionFields = {
    reason: stringOr(record.reason, ""),
    matchedPolicyId: stringOr(record.matchedPolicyId, null),
    auditLogId,
    correlationId,
  };
  if (RISK_CLASSIFICATIONS.has(risk_classification as string)) {
    fields.riskClassification = risk_classification as RiskClassification;
  }
  if (RISK_LEVELS.has(riskLevel as string)) fields.riskLevel = riskLevel as RiskLevel;

  if (decision === "allow" || decision === "block") return { ...fields, decision };
  if (decision === "require_approval" && typeof approvalRequestId === "string") {
    return { ...fields, decision, approvalRequestId };
  }
  throw unreadable();
}

function unreadable(): SentrailUnavailableError {
  return new SentrailUnavailableError("unreadable", "Unreadable evaluate-action answer");
}
