import type { ToolConnection } from "./engine-types.js";

/** Where the built-in fake MCP server pretends to live (a connection without `mcpServerUrl`). */
export const FAKE_MCP_URL = "http://fake-mcp.sentrail.invalid/mcp";

/** How to reach a connection's upstream. */
export interface UpstreamAccess {
  /** GitHub/Linear: the API root to append the path to; MCP: the server URL itself. */
  baseUrl: string;
  /** True when no real URL is configured: the built-in fake answers (mock-server.md §5). */
  useFake: boolean;
  /** The injected credential header value, or null when the connection has no token. */
  authorization: string | null;
}

/**
 * The upstream of a tool connection: GitHub `https://api.github.com`, Linear `https://api.linear.app`
 * (path `graphql`), or the connection's `config.base_url`; MCP the `mcpServerUrl` or the fake's
 * placeholder. The credential is `Bearer <access_token>` (GitHub, Linear, MCP `bearer`) or
 * `token <access_token>` (MCP `token`) (§4.2, §4.4). Read at call time, so replays use the current
 * token (§7.1).
 *
 * @example
 * resolveUpstreamAccess(githubConnection);
 * // { baseUrl: "https://api.github.com", useFake: true, authorization: "Bearer gho_…" }
 */
export function resolveUpstreamAccess(connection: ToolConnection): UpstreamAccess {
  const token = typeof connection.config.access_token === "string" ? connection.config.access_token : null;
  if (connection.tool === "mcp") {
    const authorization = token
      ? connection.mcpAuthType === "token"
        ? `token ${token}`
        : `Bearer ${token}`
      : null;
    return {
      baseUrl: connection.mcpServerUrl ?? FAKE_MCP_URL,
      useFake: !connection.mcpServerUrl,
      authorization,
    };
  }
  const configured = typeof connection.config.base_url === "string" ? connection.config.base_url : null;
  const fallback = connection.tool === "linear" ? "https://api.linear.app" : "https://api.github.com";
  return {
    baseUrl: (configured ?? fallback).replace(/\/+$/, ""),
    useFake: !configured,
    authorization: token ? `Bearer ${token}` : null,
  };
}
