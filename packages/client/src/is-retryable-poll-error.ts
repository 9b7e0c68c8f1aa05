import {
  type SentrailError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailUnavailableError,
} from "./sentrail-error";

/**
 * Whether a failed status poll may be repeated. Only `GET /gateway-proxy/status/{id}` is retried, and
 * it is safe to repeat: it reads state, writes no audit row and queues nothing. Retried: network
 * failures, timeouts and unreadable answers (`SentrailUnavailableError`), 5xx and 429. Not retried:
 * 401 (the key will not become valid), 404 (the approval will not appear), other 4xx, and anything that
 * is not a Sentrail error (a bug, or the caller's abort reason).
 *
 * @example
 * ```ts
 * if (!isRetryablePollError(error)) throw error;
 * ```
 */
export function isRetryablePollError(error: unknown): error is SentrailError {
  return (
    SentrailUnavailableError.isInstance(error) ||
    SentrailServerError.isInstance(error) ||
    SentrailRateLimitError.isInstance(error)
  );
}
