import createClient, { type Client, type Middleware } from "openapi-fetch";
import { createRequestSignal, type RequestSignal } from "./create-request-signal";
import { createSentrailError } from "./create-sentrail-error";
import { PlainFetchRequest } from "./plain-fetch-request";
import { SentrailError, SentrailUnavailableError } from "./sentrail-error";

/**
 * A `fetch`-compatible function (the global one, undici's, a test stub, an instrumented wrapper…).
 *
 * @example
 * ```ts
 * const fetch: FetchFunction = (input, init) => globalThis.fetch(input, init);
 * ```
 */
export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Per-call options accepted by every client method.
 *
 * @example
 * ```ts
 * await client.evaluateAction(input, { signal: AbortSignal.timeout(2_000), headers: { "X-Trace-Id": traceId } });
 * ```
 */
export interface RequestOptions {
  /** Cancels the call. The method then rejects with `signal.reason` (a `DOMException` named `AbortError` by default). */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (milliseconds; `Infinity` disables it). */
  timeoutMs?: number;
  /** Extra headers for this call. `Authorization` cannot be overridden. */
  headers?: Record<string, string>;
}

/**
 * How a client reaches Sentrail.
 *
 * @example
 * ```ts
 * createSentrailTransport<SentrailPaths>({ baseUrl, fetch: undefined, timeoutMs: 10_000, headers: {} });
 * ```
 */
export interface SentrailTransportOptions {
  /** `https://<project-ref>.supabase.co/functions/v1`, without a trailing slash. */
  baseUrl: string;
  fetch: FetchFunction | undefined;
  /**
   * The `Request` class openapi-fetch builds requests with, the one that belongs to `fetch` (undici's
   * `Request` with undici's `fetch`). Default: the global one, or, with a `fetch` given alone, none:
   * that `fetch` receives `(url, init)`. See {@link createSentrailTransport}.
   */
  Request?: typeof Request | undefined;
  timeoutMs: number;
  /** Headers sent on every request (credential, `X-Agent-Id`, caller defaults). */
  headers: Record<string, string>;
  /** openapi-fetch middleware, e.g. the admin client's token resolver. */
  middleware?: Middleware[];
}

/**
 * What `call` hands to an openapi-fetch call: the per-call headers (without `Authorization`) and a
 * `fetch` that carries this call's signal. The signal travels in fetch's `init`, not on openapi-fetch's
 * `Request`: a signal on a `Request` costs a second abort-signal link per call (fetch clones the
 * request), which was most of the wrapper's overhead.
 *
 * @example
 * ```ts
 * transport.call(options, (init) => transport.api.POST("/kill-switch", { body, ...init }));
 * ```
 */
export interface TypedCallInit {
  fetch: (request: Request) => Promise<Response>;
  headers: Record<string, string> | undefined;
}

/** openapi-fetch's result shape, reduced to what the transport reads. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The shared plumbing of both clients: timeout, abort, failure mapping.
 *
 * @example
 * ```ts
 * const transport: SentrailTransport<SentrailPaths> = createSentrailTransport(options);
 * ```
 */
export interface SentrailTransport<Paths extends object> {
  readonly api: Client<Paths>;
  readonly baseUrl: string;
  readonly headers: Record<string, string>;
  /** The injected `fetch`, or the global one looked up at call time. */
  readonly fetch: FetchFunction;
  /**
   * Runs one typed openapi-fetch call under a timeout, maps a non-2xx answer to the error family and
   * fails with `SentrailUnavailableError("unreadable")` when a 2xx carries no JSON body.
   */
  call<R extends FetchResult>(
    options: RequestOptions | undefined,
    perform: (init: TypedCallInit) => Promise<R>,
  ): Promise<{ data: NonNullable<R["data"]>; response: Response }>;
  /**
   * Headers for a request sent with `fetch` directly: the callers' headers (later ones win), then the
   * client's headers where the callers set none, and always the client's own `Authorization`.
   */
  requestHeaders(...callerHeaders: Array<Record<string, string> | undefined>): Headers;
  /** Runs any fetch-based work under the same timeout, abort and network-failure mapping; no status check. */
  run<T>(options: RequestOptions | undefined, perform: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/**
 * Builds the openapi-fetch client and the wrapper that gives every call a timeout (10 s default),
 * honours the caller's `AbortSignal`, and turns failures into the error family:
 *
 * - timeout → `SentrailUnavailableError` (`kind: "timeout"`);
 * - caller abort → rejects with the caller's `signal.reason`, exactly as `fetch` does;
 * - fetch rejection → `SentrailUnavailableError` (`kind: "network"`);
 * - unparsable JSON → `SentrailUnavailableError` (`kind: "unreadable"`);
 * - non-2xx → {@link createSentrailError}.
 *
 * Every request goes through `options.fetch` (or the global `fetch`, looked up per call, so MSW or a
 * polyfill installed after the client was created is used). Typed calls are built by openapi-fetch as
 * `options.Request` (default the global `Request`) instances and handed to `fetch` as they are; a
 * `fetch` given without `Request` receives `(url, init)` instead ({@link PlainFetchRequest}).
 *
 * Nothing here retries: whether a retry is safe depends on the endpoint, so each caller decides.
 *
 * @example
 * ```ts
 * const transport = createSentrailTransport<SentrailPaths>({ baseUrl, fetch, timeoutMs: 10_000, headers });
 * const { data } = await transport.call(options, (init) => transport.api.POST("/evaluate-action", { body, ...init }));
 * ```
 */
export function createSentrailTransport<Paths extends object>(
  options: SentrailTransportOptions,
): SentrailTransport<Paths> {
  const injectedFetch = options.fetch;
  // Looked up per call, not captured once: test tools (MSW) and polyfills replace globalThis.fetch
  // after a client may already have been created.
  const fetchFunction: FetchFunction = injectedFetch
    ? (input, init) => injectedFetch(input, init)
    : (input, init) => globalThis.fetch(input, init);
  // The `Request` class typed calls are built with. A caller's `Request` (with their `fetch` or the
  // global one) is used and handed over as is. A caller's `fetch` without one gets a URL and a plain
  // init instead of a `Request` of another implementation, which it may not recognise (undici's `fetch`
  // takes Node's global `Request` for the URL "[object Request]" and fails); every implementation
  // reads a URL and an init.
  const plain = injectedFetch !== undefined && options.Request === undefined;
  const RequestClass = plain ? (PlainFetchRequest as unknown as typeof Request) : options.Request;
  const api = createClient<Paths>({
    baseUrl: options.baseUrl,
    fetch: fetchFunction,
    headers: options.headers,
    ...(RequestClass ? { Request: RequestClass } : {}),
  });
  const send = plain
    ? (request: Request, signal: AbortSignal) =>
        fetchFunction(...(request as unknown as PlainFetchRequest).toFetchArguments(signal))
    : (request: Request, signal: AbortSignal) => fetchFunction(request, { signal });
  if (options.middleware?.length) api.use(...options.middleware);
  const defaultTimeoutMs = options.timeoutMs;

  async function run<T>(
    requestOptions: RequestOptions | undefined,
    perform: (signal: AbortSignal) => Promise<T>,
  ) {
    // An already-cancelled call sends nothing.
    requestOptions?.signal?.throwIfAborted();
    const timeoutMs = requestOptions?.timeoutMs ?? defaultTimeoutMs;
    const scope = createRequestSignal(requestOptions?.signal, timeoutMs);
    try {
      return await perform(scope.signal);
    } catch (error) {
      throw toFailure(error, scope, requestOptions?.signal, timeoutMs);
    } finally {
      scope.dispose();
    }
  }

  return {
    api,
    baseUrl: options.baseUrl,
    headers: options.headers,
    fetch: fetchFunction,
    run,
    requestHeaders(...callerHeaders) {
      const headers = new Headers();
      for (const source of callerHeaders)
        for (const name in source) headers.set(name, source[name] as string);
      // A caller header can never swap in another token: only the client's credential is sent.
      headers.delete("authorization");
      for (const [name, value] of Object.entries(options.headers))
        if (!headers.has(name)) headers.set(name, value);
      return headers;
    },
    async call(requestOptions, perform) {
      const headers = withoutAuthorization(requestOptions?.headers);
      const result = await run(requestOptions, (signal) =>
        perform({ headers, fetch: (request) => send(request, signal) }),
      );
      const { response } = result;
      if (!response.ok)
        throw createSentrailError(response.status, result.error, { headers: response.headers });
      if (result.data === undefined || result.data === null) {
        throw new SentrailUnavailableError(
          "unreadable",
          `Sentrail answered HTTP ${response.status} without a body`,
          {
            status: response.status,
          },
        );
      }
      return { data: result.data as NonNullable<(typeof result)["data"]>, response };
    },
  };
}

/**
 * Drops `Authorization` from per-call headers: a per-call header can add context but never replace the
 * client's credential (so a JWT can never ride on an agent call, nor a key on an admin call).
 *
 * @example
 * ```ts
 * withoutAuthorization({ authorization: "x", "X-Agent-Id": "bot" }); // => { "X-Agent-Id": "bot" }
 * ```
 */
export function withoutAuthorization(
  headers: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() !== "authorization") kept[name] = value;
  return kept;
}

function toFailure(
  error: unknown,
  scope: RequestSignal,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): unknown {
  if (SentrailError.isInstance(error)) return error;
  if (scope.timedOut()) {
    return new SentrailUnavailableError("timeout", `Sentrail did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  // The caller's own abort is not a Sentrail failure: hand back their reason, as fetch does.
  if (callerSignal?.aborted) return callerSignal.reason;
  if (error instanceof SyntaxError) {
    return new SentrailUnavailableError("unreadable", "Sentrail's answer is not valid JSON", {
      cause: error,
    });
  }
  return new SentrailUnavailableError("network", "Could not reach Sentrail", { cause: error });
}
