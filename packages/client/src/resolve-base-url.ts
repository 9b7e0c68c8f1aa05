/**
 * Where a client sends its requests: a full `baseUrl`, or a Supabase `projectRef`.
 *
 * @example
 * ```ts
 * const endpoint: SentrailEndpointOptions = { baseUrl: "http://127.0.0.1:54321/functions/v1" };
 * ```
 */
export interface SentrailEndpointOptions {
  /** `https://<project-ref>.supabase.co/functions/v1` (the CLI's "Cloud URL"), or a mock server's URL. */
  baseUrl?: string;
  /** The Supabase project ref; expands to `https://<projectRef>.supabase.co/functions/v1`. */
  projectRef?: string;
}

/**
 * Turns `baseUrl` or `projectRef` into the functions base URL, without a trailing slash. Throws a
 * `TypeError` (a programming mistake, not a Sentrail failure) when neither or both are given, or when
 * `projectRef` is not a plain DNS label.
 *
 * @example
 * ```ts
 * resolveBaseUrl({ projectRef: "abcd1234" }); // => "https://abcd1234.supabase.co/functions/v1"
 * ```
 */
export function resolveBaseUrl(options: SentrailEndpointOptions): string {
  const { baseUrl, projectRef } = options;
  if (typeof baseUrl === "string" && baseUrl.trim() !== "" && projectRef === undefined) {
    return baseUrl.trim().replace(/\/+$/, "");
  }
  if (
    typeof projectRef === "string" &&
    baseUrl === undefined &&
    /^[a-z0-9][a-z0-9-]{0,62}$/i.test(projectRef)
  ) {
    return `https://${projectRef.toLowerCase()}.supabase.co/functions/v1`;
  }
  throw new TypeError("Pass either baseUrl or a valid projectRef");
}
