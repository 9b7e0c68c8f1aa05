/** A `fetch` that counts the approval status polls it sends, so the story can show the polling schedule. */
export interface CountingFetch {
  fetch: typeof globalThis.fetch;
  /** Status polls (`GET …/gateway-proxy/status/{correlationId}`) sent so far. */
  readonly statusPolls: number;
}

/**
 * Wraps the global `fetch` and counts status polls. Every Sentrail client factory takes a `fetch`, which
 * is also the seam for tracing, proxies and tests.
 *
 * @example
 * ```ts
 * const counting = createCountingFetch();
 * const sentrail = createSentrailClient({ apiKey, baseUrl, fetch: counting.fetch });
 * counting.statusPolls; // => 0
 * ```
 */
export function createCountingFetch(): CountingFetch {
  let statusPolls = 0;
  return {
    get statusPolls() {
      return statusPolls;
    },
    fetch: (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/gateway-proxy/status/")) statusPolls++;
      return globalThis.fetch(input, init);
    },
  };
}
