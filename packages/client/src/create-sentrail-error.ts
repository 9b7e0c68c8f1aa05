import { asRecord } from "./as-record";
import { parseRetryAfter } from "./parse-retry-after";
import { redactSecrets } from "./redact-secrets";
import {
  SentrailAuthenticationError,
  SentrailConflictError,
  SentrailError,
  type SentrailErrorOptions,
  SentrailNotFoundError,
  SentrailPermissionError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailValidationError,
} from "./sentrail-error";

/** Long server messages are cut here: an error message is for people, not a copy of the body. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * Where the factory finds request ids and `Retry-After`.
 *
 * @example
 * ```ts
 * createSentrailError(503, body, { headers: response.headers, now: Date.now() });
 * ```
 */
export interface CreateSentrailErrorOptions {
  /** Response headers (`X-Sentrail-CorrelationId`, `X-Request-Id`/`sb-request-id`, `Retry-After`). */
  headers?: Headers;
  /** Clock used to turn an HTTP-date `Retry-After` into a delay. Defaults to `Date.now()`. */
  now?: number;
}

/**
 * Maps a non-success answer from Sentrail (HTTP status + parsed body) to the matching error class:
 * 400 → {@link SentrailValidationError}, 401 → {@link SentrailAuthenticationError},
 * 403 → {@link SentrailPermissionError}, 404 → {@link SentrailNotFoundError},
 * 409 → {@link SentrailConflictError}, 429 → {@link SentrailRateLimitError},
 * 5xx → {@link SentrailServerError}, anything else → {@link SentrailError} (`code: "unexpected_status"`).
 *
 * The message is the server's `error` text (`{ ok: false, error }`, or a JSON-RPC `error.message`),
 * redacted and shortened. Use it when you call Sentrail with your own HTTP client and want the same
 * error family the typed clients throw.
 *
 * @example
 * ```ts
 * import { createSentrailError } from "@sentrail/client";
 *
 * const response = await fetch(url, init);
 * if (!response.ok) throw createSentrailError(response.status, await response.json(), { headers: response.headers });
 * ```
 */
export function createSentrailError(
  status: number,
  body: unknown,
  options: CreateSentrailErrorOptions = {},
): SentrailError {
  const headers = options.headers;
  const details: SentrailErrorOptions = { status };
  const correlationId = headers?.get("x-sentrail-correlationid");
  if (correlationId) details.correlationId = correlationId;
  const requestId = headers?.get("x-request-id") ?? headers?.get("sb-request-id");
  if (requestId) details.requestId = requestId;
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(headers?.get("retry-after"), options.now ?? Date.now());
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  }
  const message = readServerMessage(body) ?? `Sentrail answered HTTP ${status}`;

  switch (status) {
    case 400:
      return new SentrailValidationError(message, details);
    case 401:
      return new SentrailAuthenticationError(message, details);
    case 403:
      return new SentrailPermissionError(message, details);
    case 404:
      return new SentrailNotFoundError(message, details);
    case 409:
      return new SentrailConflictError(message, details);
    case 429:
      return new SentrailRateLimitError(message, details);
  }
  if (status >= 500 && status <= 599) return new SentrailServerError(message, details);
  return new SentrailError(message, { ...details, code: "unexpected_status" });
}

/** `{ ok: false, error: "…" }`, or a JSON-RPC envelope `{ error: { message: "…" } }` (mcp-gate 400/424). */
function readServerMessage(body: unknown): string | undefined {
  const { error } = asRecord(body);
  const message = typeof error === "string" ? error : asRecord(error).message;
  if (typeof message !== "string" || message === "") return undefined;
  // Redact before cutting, so a cut can never leave half a token that no longer looks like one.
  const redacted = redactSecrets(message);
  return redacted.length > MAX_MESSAGE_LENGTH ? `${redacted.slice(0, MAX_MESSAGE_LENGTH)}…` : redacted;
}
