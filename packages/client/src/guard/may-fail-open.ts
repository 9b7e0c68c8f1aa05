import { SentrailRateLimitError, SentrailServerError, SentrailUnavailableError } from "../sentrail-error";

/**
 * Whether a failed evaluation is "no answer", the only failure `failMode: "open"` may run a tool
 * through. Exactly these:
 *
 * - the network failed, or no answer arrived in time (`SentrailUnavailableError`, `kind` `network` or
 *   `timeout`);
 * - Sentrail answered 5xx (`SentrailServerError`) or 429 (`SentrailRateLimitError`).
 *
 * Everything else is enforced even when failing open: a 401 (a revoked key is how an operator stops an
 * agent), 403 and every other 4xx, an unreadable or malformed answer (something answered, and it was not
 * a Sentrail decision), and any error that is not a Sentrail error (a bug in a custom `evaluate`).
 *
 * @example
 * ```ts
 * if (failMode === "open" && mayFailOpen(error)) runAnyway();
 * ```
 */
export function mayFailOpen(error: unknown): boolean {
  if (SentrailUnavailableError.isInstance(error)) return error.kind === "network" || error.kind === "timeout";
  return SentrailServerError.isInstance(error) || SentrailRateLimitError.isInstance(error);
}
