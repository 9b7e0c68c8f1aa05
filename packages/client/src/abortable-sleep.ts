/**
 * Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts. Either way
 * the timer and the abort listener are removed, so nothing is left behind to keep a process alive.
 *
 * @example
 * ```ts
 * await abortableSleep(1_000, controller.signal);
 * ```
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
