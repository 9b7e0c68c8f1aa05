/** Log levels of `sentrail start`, quietest last. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The local proxy's default port (contract §14). */
export const DEFAULT_PORT = 3773;

/**
 * `~/.sentrail/config.json` (contract §14), written by `sentrail init` with mode 0600. `apiKey`,
 * `workspaceId` and `cloudUrl` are required; `upstreamCommand` is this CLI's addition for stdio upstreams.
 */
export interface SentrailConfig {
  /** `agk_` + 40 lowercase hex characters. Never printed: see `maskApiKey`. */
  apiKey: string;
  /** The workspace's UUID. */
  workspaceId: string;
  /** The upstream MCP server over streamable HTTP, or null. */
  upstreamMcpUrl: string | null;
  /** [EXT] The upstream MCP server over stdio (`npx some-server`), or null. Used when no URL is set. */
  upstreamCommand: string | null;
  /** Sentrail's API base, e.g. `https://<project-ref>.supabase.co/functions/v1`. */
  cloudUrl: string;
  /** The local proxy's port. Default 3773. */
  port: number;
  /** Default `info`. */
  logLevel: LogLevel;
}
