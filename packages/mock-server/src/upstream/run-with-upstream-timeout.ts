import { UpstreamNetworkError } from "./upstream-types.js";

/** Default bound on one upstream exchange (contract §11: "Upstream timeout 30 s"). */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * Runs `work` with an abort signal that fires after `timeoutMs` or when `signal` aborts, and turns
 * every way the exchange can fail to reach an answer (DNS, refused connection, reset, timeout,
 * abort) into an {@link UpstreamNetworkError}, which the engine maps to `502` / JSON-RPC `-32000`.
 * Errors that already are `UpstreamNetworkError`s pass through unchanged.
 *
 * Messages name what happened, never the URL's credentials or any header value.
 *
 * @example
 * const response = await runWithUpstreamTimeout(30_000, undefined, (signal) => fetch(url, { signal }));
 */
export async function runWithUpstreamTimeout<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  if (signal?.aborted) controller.abort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await work(controller.signal);
  } catch (error) {
    if (error instanceof UpstreamNetworkError) throw error;
    if (timedOut) throw new UpstreamNetworkError(`Upstream did not answer within ${timeoutMs} ms`);
    if (controller.signal.aborted) throw new UpstreamNetworkError("Upstream request aborted");
    throw new UpstreamNetworkError(`Upstream request failed: ${describeCause(error)}`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** undici reports "fetch failed" with the useful part (ECONNREFUSED, ...) in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? `${error.message} (${code})` : `${error.message} (${cause.message})`;
  }
  return error.message;
}

/**
 * Waits `ms` milliseconds of real time (scripted `delayMs`), ending early with an
 * {@link UpstreamNetworkError} when `signal` aborts.
 *
 * @example
 * await delayUpstream(50, request.signal);
 */
export function delayUpstream(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UpstreamNetworkError("Upstream request aborted"));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UpstreamNetworkError("Upstream request aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
