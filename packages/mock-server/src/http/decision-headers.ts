/**
 * The three headers gateway-proxy adds to decision answers (§4.2): `X-Sentrail-Decision`,
 * `X-Sentrail-AuditLogId`, `X-Sentrail-CorrelationId`.
 *
 * @example
 * decisionHeaders("allow", outcome.auditLogId, outcome.correlationId);
 */
export function decisionHeaders(
  decision: string,
  auditLogId: string,
  correlationId: string,
): Record<string, string> {
  return {
    "X-Sentrail-Decision": decision,
    "X-Sentrail-AuditLogId": auditLogId,
    "X-Sentrail-CorrelationId": correlationId,
  };
}
