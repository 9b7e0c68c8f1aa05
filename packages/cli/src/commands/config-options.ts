import { InvalidArgumentError, Option } from "commander";
import { LOG_LEVELS } from "../config/sentrail-config";

/**
 * The options that set config values, shared by `init` (saved) and `start` (this run only). Each has
 * an environment variable, so every prompt of `init` can be answered without a terminal.
 *
 * @example
 * for (const option of configOptions()) command.addOption(option);
 */
export function configOptions(): Option[] {
  return [
    new Option("--api-key <key>", "Sentrail API key (agk_ + 40 hex)").env("SENTRAIL_API_KEY"),
    new Option("--workspace-id <uuid>", "workspace id").env("SENTRAIL_WORKSPACE_ID"),
    new Option("--upstream-url <url>", "upstream MCP server over streamable HTTP").env(
      "SENTRAIL_UPSTREAM_URL",
    ),
    new Option(
      "--upstream-command <command>",
      'upstream MCP server over stdio, e.g. "npx -y some-server"',
    ).env("SENTRAIL_UPSTREAM_COMMAND"),
    new Option("--cloud-url <url>", "Sentrail API base, https://<project-ref>.supabase.co/functions/v1").env(
      "SENTRAIL_CLOUD_URL",
    ),
    new Option("--port <port>", "local proxy port (default 3773)").env("SENTRAIL_PORT").argParser(parsePort),
    new Option("--log-level <level>", "log level").choices(LOG_LEVELS).env("SENTRAIL_LOG_LEVEL"),
  ];
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) {
    throw new InvalidArgumentError("must be an integer from 0 to 65535");
  }
  return Number(value);
}
