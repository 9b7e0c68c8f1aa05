/**
 * What openapi-fetch builds a typed call into when the caller gave a `fetch` without its `Request`
 * class: not a `Request` but the URL and init it was made from, handed to that `fetch` as
 * `fetch(url, init)` ({@link PlainFetchRequest.toFetchArguments}).
 *
 * Why: a `fetch` of another implementation does not recognise a `Request` it did not make (undici's
 * `fetch` takes Node's global `Request` for the URL `"[object Request]"` and fails; a `fetch` from
 * another realm or an edge runtime may too), while every implementation reads a URL and an init. Nothing
 * is parsed or read back: the body stays the string openapi-fetch serialised, so this costs less than a
 * real `Request`. openapi-fetch reads only `url`, `method` and `headers` of what it builds (the admin
 * client's middleware sets `Authorization` there); it never reads the body back.
 *
 * @example
 * ```ts
 * createClient({ baseUrl, fetch, Request: PlainFetchRequest as unknown as typeof Request });
 * const [url, init] = (request as unknown as PlainFetchRequest).toFetchArguments(signal);
 * ```
 */
export class PlainFetchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly #init: RequestInit;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = new Headers(init.headers);
    this.#init = init;
  }

  /** `fetch`'s two arguments: the URL string, and the init with these headers and the call's signal. */
  toFetchArguments(signal: AbortSignal): [string, RequestInit] {
    return [this.url, { ...this.#init, method: this.method, headers: this.headers, signal }];
  }
}
