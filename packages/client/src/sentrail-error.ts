import { redactSecrets } from "./redact-secrets";

/** Cross-realm brand: the same symbol in every copy of this package, every iframe, every worker. */
const BRAND: unique symbol = Symbol.for("sentrail.error");

/**
 * What went wrong, as a stable machine-readable string. Branch on the class or on this field,
 * never on `message`.
 *
 * @example
 * ```ts
 * if (SentrailError.isInstance(error) && error.code === "credential_mismatch") fixConfiguration();
 * ```
 */
export type SentrailErrorCode =
  | "authentication_failed"
  | "credential_mismatch"
  | "permission_denied"
  | "validation_failed"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "server_error"
  | "unavailable"
  | "unexpected_status"
  /** A guarded tool call did not run (or its side effect is unknown); see `SentrailGuardError`. */
  | "not_executed";

/**
 * Why Sentrail could not be used: no connection, no answer in time, or an answer that made no sense.
 *
 * @example
 * ```ts
 * if (SentrailUnavailableError.isInstance(error) && error.kind === "network") console.warn("offline");
 * ```
 */
export type SentrailUnavailableKind = "network" | "timeout" | "unreadable";

/**
 * Fields every Sentrail error may carry. All optional: a network failure has no status.
 *
 * @example
 * ```ts
 * throw new SentrailServerError("upstream failed", { status: 502, correlationId });
 * ```
 */
export interface SentrailErrorOptions {
  /** HTTP status of Sentrail's answer, when there was one. */
  status?: number;
  code?: SentrailErrorCode;
  /** `X-Sentrail-CorrelationId` of the answer, when present. */
  correlationId?: string;
  /** `X-Request-Id` / `sb-request-id` of the answer, for support tickets. */
  requestId?: string;
  /** Parsed `Retry-After` (429, 503), in milliseconds from when the answer arrived. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The plain-object form returned by `toJSON()`; safe to log (secrets are redacted).
 *
 * @example
 * ```ts
 * logger.error({ err: error.toJSON() }); // never contains an agk_ key or a token
 * ```
 */
export interface SentrailErrorJson {
  name: string;
  code: SentrailErrorCode;
  message: string;
  status?: number;
  correlationId?: string;
  requestId?: string;
  retryAfterMs?: number;
  kind?: SentrailUnavailableKind;
  cause?: string;
}

/**
 * Base class of every error `@sentrail/client` throws. A policy "no" is never an error (it is a
 * result); an error means the call itself failed.
 *
 * Use {@link SentrailError.isInstance} instead of `instanceof`: it also recognises errors created by
 * another copy of this package (two versions in one bundle, another realm). The message, `toString()`
 * and `toJSON()` never contain an `agk_` key, a bearer token or an `Authorization` value.
 *
 * @example
 * ```ts
 * import { SentrailError, SentrailNotFoundError } from "@sentrail/client";
 *
 * try {
 *   await client.getApprovalStatus(correlationId);
 * } catch (error) {
 *   if (SentrailNotFoundError.isInstance(error)) console.log("no approval for", correlationId);
 *   else if (SentrailError.isInstance(error)) console.log(error.code, error.status);
 *   else throw error;
 * }
 * ```
 */
export class SentrailError extends Error {
  /** The `name` every instance of this class carries; used by `isInstance` across realms. */
  static readonly errorName: string = "SentrailError";
  /** The `code` an instance gets when the options do not set one. */
  static readonly defaultCode: SentrailErrorCode = "unexpected_status";

  /**
   * True when `value` is an error of this class (or a subclass), from any copy of the package.
   * `SentrailError.isInstance` accepts the whole family; `SentrailNotFoundError.isInstance` only that class.
   */
  static isInstance<T extends SentrailError>(
    this: { readonly errorName: string; readonly prototype: T },
    value: unknown,
  ): value is T {
    if (typeof value !== "object" || value === null) return false;
    if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    // `this` is the class the method was called on: the base accepts the family, a subclass only itself.
    // biome-ignore lint/complexity/noThisInStatic: polymorphic on purpose (SentrailNotFoundError.isInstance).
    if ((this as unknown) === SentrailError) return true;
    // biome-ignore lint/complexity/noThisInStatic: as above.
    return (value as { name?: unknown }).name === this.errorName;
  }

  readonly code: SentrailErrorCode;
  readonly status: number | undefined;
  readonly correlationId: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: SentrailErrorOptions = {}) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    const errorClass = new.target as unknown as typeof SentrailError;
    this.name = errorClass.errorName;
    this.code = options.code ?? errorClass.defaultCode;
    this.status = options.status;
    this.correlationId = options.correlationId;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The brand lives on the prototype, so it costs nothing per instance and survives structured logging. */
  get [BRAND](): true {
    return true;
  }

  override toString(): string {
    return redactSecrets(`${this.name}: ${this.message}`);
  }

  toJSON(): SentrailErrorJson {
    // Undefined fields are left out by JSON.stringify.
    return {
      name: this.name,
      code: this.code,
      message: redactSecrets(this.message),
      status: this.status,
      correlationId: this.correlationId,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause === undefined ? undefined : redactSecrets(describeCause(this.cause)),
    };
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return typeof cause === "string" ? cause : Object.prototype.toString.call(cause);
}

/**
 * Sentrail rejected the credential (HTTP 401: unknown, revoked or expired key, missing scope, bad JWT),
 * or the client refused to send a credential of the wrong kind (`code: "credential_mismatch"`: an `agk_`
 * key given to the admin client, or a JWT given to the agent client). Never retried.
 *
 * @example
 * ```ts
 * if (SentrailAuthenticationError.isInstance(error)) rotateKeyAndRestart();
 * ```
 */
export class SentrailAuthenticationError extends SentrailError {
  static override readonly errorName: string = "SentrailAuthenticationError";
  static override readonly defaultCode: SentrailErrorCode = "authentication_failed";
}

/**
 * The user behind the JWT lacks the role the endpoint needs (HTTP 403: "Reviewer role required",
 * "Admin or owner role required"). Policy blocks are results, never this error.
 *
 * @example
 * ```ts
 * if (SentrailPermissionError.isInstance(error)) showToast("Ask a workspace admin");
 * ```
 */
export class SentrailPermissionError extends SentrailError {
  static override readonly errorName: string = "SentrailPermissionError";
  static override readonly defaultCode: SentrailErrorCode = "permission_denied";
}

/**
 * Sentrail refused the request body (HTTP 400). `serverMessage` is the server's own explanation,
 * e.g. `"riskLevel must be one of low, medium, high, critical"` (redacted like the message).
 *
 * @example
 * ```ts
 * if (SentrailValidationError.isInstance(error)) console.error(error.serverMessage);
 * ```
 */
export class SentrailValidationError extends SentrailError {
  static override readonly errorName: string = "SentrailValidationError";
  static override readonly defaultCode: SentrailErrorCode = "validation_failed";
  /** The server's message, redacted (the same text as `message`). */
  get serverMessage(): string {
    return this.message;
  }
}

/**
 * The target does not exist for this credential (HTTP 404), e.g. `"Approval request not found"` for a
 * correlation id that never created an approval, or one from another workspace. Ends a wait.
 *
 * @example
 * ```ts
 * if (SentrailNotFoundError.isInstance(error)) forgetPendingApproval(correlationId);
 * ```
 */
export class SentrailNotFoundError extends SentrailError {
  static override readonly errorName: string = "SentrailNotFoundError";
  static override readonly defaultCode: SentrailErrorCode = "not_found";
}

/**
 * The target is not in a state that allows the request (HTTP 409), e.g. `"Approval already has a
 * decision"` (including expired approvals).
 *
 * @example
 * ```ts
 * if (SentrailConflictError.isInstance(error)) await refreshApprovalList();
 * ```
 */
export class SentrailConflictError extends SentrailError {
  static override readonly errorName: string = "SentrailConflictError";
  static override readonly defaultCode: SentrailErrorCode = "conflict";
}

/**
 * Sentrail asked the client to slow down (HTTP 429). `retryAfterMs` carries `Retry-After` when sent.
 * Status polls retry it; POSTs never do.
 *
 * @example
 * ```ts
 * if (SentrailRateLimitError.isInstance(error)) console.log("retry in", error.retryAfterMs, "ms");
 * ```
 */
export class SentrailRateLimitError extends SentrailError {
  static override readonly errorName: string = "SentrailRateLimitError";
  static override readonly defaultCode: SentrailErrorCode = "rate_limited";
}

/**
 * Sentrail answered with a 5xx (internal error, upstream failure `502`, deferred execution failure).
 * A POST that got this may still have been evaluated and audited; it is not retried.
 *
 * @example
 * ```ts
 * if (SentrailServerError.isInstance(error)) report(error.toJSON());
 * ```
 */
export class SentrailServerError extends SentrailError {
  static override readonly errorName: string = "SentrailServerError";
  static override readonly defaultCode: SentrailErrorCode = "server_error";
}

/**
 * Sentrail could not be used: the network failed (`kind: "network"`), no answer arrived within the
 * timeout (`"timeout"`), or the answer could not be read or had an unexpected shape (`"unreadable"`).
 * Callers must fail closed: the tool does not run.
 *
 * @example
 * ```ts
 * if (SentrailUnavailableError.isInstance(error) && error.kind === "timeout") console.warn("Sentrail slow");
 * ```
 */
export class SentrailUnavailableError extends SentrailError {
  static override readonly errorName: string = "SentrailUnavailableError";
  static override readonly defaultCode: SentrailErrorCode = "unavailable";
  readonly kind: SentrailUnavailableKind;
  constructor(kind: SentrailUnavailableKind, message: string, options: SentrailErrorOptions = {}) {
    super(message, options);
    this.kind = kind;
  }

  override toJSON(): SentrailErrorJson {
    return { ...super.toJSON(), kind: this.kind };
  }
}
