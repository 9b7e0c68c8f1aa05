/**
 * How long a client may take, and how much header it may send, before `sentrail-mock` lets it go.
 * Every field is optional in options; {@link DEFAULT_SERVER_LIMITS} fills the rest.
 */
export interface ServerLimits {
  /** Time to receive a request's complete headers; past it the client gets `408` and is closed. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included; past it `408` and closed. 0 disables. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept between requests. */
  keepAliveTimeoutMs: number;
  /**
   * A socket with no traffic in either direction for this long is destroyed (a client that connects and
   * says nothing, or stops reading). Longer than the 30 s bound on upstream calls, so a slow replay is
   * not cut. 0 disables.
   */
  idleTimeoutMs: number;
  /** Largest request line plus headers, in bytes; larger gets `431` and is closed. */
  maxHeaderSize: number;
}

/**
 * The defaults: 10 s for headers, 30 s for a whole request, 30 s keep-alive (agents poll, benchmarks
 * reuse connections), 120 s of silence, 16 KiB of headers (Node's own default, made explicit).
 */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  maxHeaderSize: 16_384,
});

/**
 * Fills in {@link DEFAULT_SERVER_LIMITS} and derives how often Node must check for expired requests:
 * Node looks only every `connectionsCheckingInterval` (30 s by default), which would let a 10 s headers
 * timeout last 40 s, so the interval is a quarter of the shortest request timeout (10 ms to 1 s). The
 * headers timeout is capped at the request timeout, as Node requires.
 *
 * Throws `RangeError` for a negative or non-integer value, or a `maxHeaderSize` below 1 KiB.
 *
 * @example
 * resolveServerLimits({ headersTimeoutMs: 200 });
 * // { headersTimeoutMs: 200, requestTimeoutMs: 30000, ..., connectionsCheckingIntervalMs: 50 }
 */
export function resolveServerLimits(
  limits: Partial<ServerLimits> = {},
): ServerLimits & { connectionsCheckingIntervalMs: number } {
  const resolved: ServerLimits = { ...DEFAULT_SERVER_LIMITS };
  for (const [name, value] of Object.entries(limits) as Array<[keyof ServerLimits, number | undefined]>) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
    resolved[name] = value;
  }
  if (resolved.maxHeaderSize < 1_024) {
    throw new RangeError(`maxHeaderSize must be at least 1024 bytes, got ${resolved.maxHeaderSize}`);
  }
  if (resolved.requestTimeoutMs > 0 && resolved.headersTimeoutMs > resolved.requestTimeoutMs) {
    resolved.headersTimeoutMs = resolved.requestTimeoutMs;
  }
  const shortest = Math.min(
    resolved.headersTimeoutMs || Number.POSITIVE_INFINITY,
    resolved.requestTimeoutMs || Number.POSITIVE_INFINITY,
  );
  const connectionsCheckingIntervalMs = Math.max(10, Math.min(1_000, Math.floor(shortest / 4)));
  return { ...resolved, connectionsCheckingIntervalMs };
}
