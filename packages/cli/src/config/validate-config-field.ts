import { LOG_LEVELS, type SentrailConfig } from "./sentrail-config";

const API_KEY = /^agk_[0-9a-f]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks one config value the way `sentrail init` and `sentrail start` do, and answers the message to
 * show (never containing the value itself, which may be a key), or null when it is valid. Optional
 * fields (`upstreamMcpUrl`, `upstreamCommand`) accept null.
 *
 * @example
 * validateConfigField("workspaceId", "nope"); // "Workspace id must be a UUID, e.g. 5e470000-0000-4000-8000-000000000001"
 * validateConfigField("port", 3773);          // null
 */
export function validateConfigField<TName extends keyof SentrailConfig>(
  name: TName,
  value: unknown,
): string | null {
  switch (name) {
    case "apiKey":
      return typeof value === "string" && API_KEY.test(value)
        ? null
        : "API key must be agk_ followed by 40 lowercase hex characters (Sentrail dashboard → API keys)";
    case "workspaceId":
      return typeof value === "string" && UUID.test(value)
        ? null
        : "Workspace id must be a UUID, e.g. 5e470000-0000-4000-8000-000000000001";
    case "cloudUrl":
      return isHttpUrl(value)
        ? null
        : "Cloud URL must be an http:// or https:// URL, e.g. https://<project-ref>.supabase.co/functions/v1";
    case "upstreamMcpUrl":
      return value === null || isHttpUrl(value)
        ? null
        : "Upstream MCP URL must be an http:// or https:// URL, e.g. http://127.0.0.1:8080/mcp";
    case "upstreamCommand":
      return value === null || (typeof value === "string" && value.trim() !== "")
        ? null
        : "Upstream command must not be empty, e.g. npx -y @modelcontextprotocol/server-filesystem .";
    case "port":
      return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65_535
        ? null
        : "Port must be an integer from 1 to 65535";
    case "logLevel":
      return typeof value === "string" && (LOG_LEVELS as readonly string[]).includes(value)
        ? null
        : `Log level must be one of ${LOG_LEVELS.join(", ")}`;
    default:
      return `Unknown config field ${String(name)}`;
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
