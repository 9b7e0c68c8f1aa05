/**
 * One request's cancellation: the caller's signal and the timeout folded into one signal.
 *
 * @example
 * ```ts
 * const scope: RequestSignal = createRequestSignal(signal, 10_000);
 * scope.dispose();
 * ```
 */
export interface RequestSignal {
  /** Aborts when the caller aborts or the timeout elapses, whichever comes first. */
  readonly signal: AbortSignal;
  /** True when the timeout (not the caller) aborted `signal`. */
  timedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal. Call it once the request has settled. */
  dispose(): void;
}

/**
 * Combines an optional caller `AbortSignal` with a timeout. Written with `setTimeout` rather than
 * `AbortSignal.timeout`/`AbortSignal.any` so the timer is cleared as soon as the request settles (no
 * timer left behind) and so fake timers in tests control it. A `timeoutMs` of `Infinity` or `0` means
 * no timeout.
 *
 * @example
 * ```ts
 * const scope = createRequestSignal(options.signal, 10_000);
 * try {
 *   return await fetch(url, { signal: scope.signal });
 * } finally {
 *   scope.dispose();
 * }
 * ```
 */
export function createRequestSignal(callerSignal: AbortSignal | undefined, timeoutMs: number): RequestSignal {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);

  if (callerSignal?.aborted) {
    controller.abort(callerSignal.reason);
  } else {
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`Sentrail did not answer within ${timeoutMs} ms`, "TimeoutError"));
      }, timeoutMs);
    }
  }

  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
