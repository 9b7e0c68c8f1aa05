import { SentrailError } from "@sentrail/client";

/**
 * Why a store operation failed: Redis answered with an error or the connection failed (`redis`), no
 * answer came within `commandTimeoutMs` (`timeout`), or the stored record could not be read back
 * (`unreadable`: not written by this store, or by an incompatible version).
 *
 * @example
 * ```ts
 * if (RedisGuardStoreError.isInstance(error) && error.kind === "timeout") alertOnCall("redis slow");
 * ```
 */
export type RedisGuardStoreErrorKind = "redis" | "timeout" | "unreadable";

/**
 * The Redis guard store could not read or write a call's record. The guard turns it into a closed
 * failure: the call gets `unavailable` (retry safe) and the tool does not run; a store that fails while
 * the guard records an outcome makes `guard.run` reject with it. Part of the `SentrailError` family
 * (`code: "unavailable"`), messages redacted; `cause` holds the Redis client's error.
 *
 * @example
 * ```ts
 * const outcome = await guard.run(call, execute);
 * if (outcome.status === "unavailable" && RedisGuardStoreError.isInstance(outcome.error)) {
 *   console.warn("guard store down:", outcome.error.operation, outcome.error.kind);
 * }
 * ```
 */
export class RedisGuardStoreError extends SentrailError {
  static override readonly errorName: string = "RedisGuardStoreError";
  static override readonly defaultCode = "unavailable" as const;

  /** Which store method failed. */
  readonly operation: "get" | "claim";
  readonly kind: RedisGuardStoreErrorKind;

  constructor(
    operation: "get" | "claim",
    kind: RedisGuardStoreErrorKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { code: "unavailable", cause: options.cause });
    this.operation = operation;
    this.kind = kind;
  }
}
