/**
 * Where the gate lives: the full `…/mcp-gate/sse` URL (as in an MCP host's config), the functions
 * `baseUrl`, or a Supabase `projectRef`. Give exactly one.
 *
 * @example
 * ```ts
 * const endpoint: McpGateEndpointOptions = { url: "https://abcd1234.supabase.co/functions/v1/mcp-gate/sse" };
 * ```
 */
export interface McpGateEndpointOptions {
  /** The gate's URL; must end with `/mcp-gate/sse` (contract §4.4). */
  url?: string | URL;
  /** `https://<project-ref>.supabase.co/functions/v1`, or a mock server's `baseUrl`. */
  baseUrl?: string;
  /** The Supabase project ref; expands to `https://<projectRef>.supabase.co/functions/v1`. */
  projectRef?: string;
}

/**
 * Both URLs a gate client needs.
 *
 * @example
 * ```ts
 * const { gateUrl, baseUrl }: McpGateUrls = resolveMcpGateUrl({ projectRef: "abcd1234" });
 * ```
 */
export interface McpGateUrls {
  /** `<baseUrl>/mcp-gate/sse`: where JSON-RPC goes. */
  gateUrl: URL;
  /** The functions base URL, without a trailing slash: where approval status is polled. */
  baseUrl: string;
}

const GATE_PATH = "/mcp-gate/sse";

/**
 * Turns `url`, `baseUrl` or `projectRef` into the gate URL and the functions base URL. Throws a
 * `TypeError` (a configuration mistake, not a Sentrail failure) when none or several are given, when
 * `url` does not end with `/mcp-gate/sse` (the usual reason an MCP host lists no tools, §11), or when
 * `projectRef` is not a plain DNS label.
 *
 * @example
 * ```ts
 * resolveMcpGateUrl({ baseUrl: "http://127.0.0.1:4010/functions/v1" }).gateUrl.href;
 * // => "http://127.0.0.1:4010/functions/v1/mcp-gate/sse"
 * ```
 */
export function resolveMcpGateUrl(options: McpGateEndpointOptions): McpGateUrls {
  const given = [options.url, options.baseUrl, options.projectRef].filter((value) => value !== undefined);
  if (given.length !== 1) throw new TypeError("Pass exactly one of url, baseUrl or projectRef");
  if (options.url !== undefined) {
    const gateUrl = new URL(String(options.url));
    const path = gateUrl.pathname.replace(/\/+$/, "");
    if (!path.endsWith(GATE_PATH)) throw new TypeError("The mcp-gate url must end with /mcp-gate/sse");
    gateUrl.pathname = path;
    const base = new URL(gateUrl.href);
    base.pathname = path.slice(0, -GATE_PATH.length);
    base.search = "";
    base.hash = "";
    return { gateUrl, baseUrl: base.href.replace(/\/+$/, "") };
  }
  if (options.baseUrl !== undefined) {
    const baseUrl = options.baseUrl.trim().replace(/\/+$/, "");
    if (baseUrl === "") throw new TypeError("baseUrl must not be empty");
    return { gateUrl: new URL(`${baseUrl}${GATE_PATH}`), baseUrl };
  }
  const projectRef = String(options.projectRef);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(projectRef)) throw new TypeError("projectRef must be a DNS label");
  const baseUrl = `https://${projectRef.toLowerCase()}.supabase.co/functions/v1`;
  return { gateUrl: new URL(`${baseUrl}${GATE_PATH}`), baseUrl };
}
