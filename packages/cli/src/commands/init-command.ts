import { Command } from "commander";
import { createMcpSnippets } from "../config/create-mcp-snippets";
import { initConfig } from "../config/init-config";
import { maskApiKey } from "../config/mask-api-key";
import { resolveConfigPath } from "../config/resolve-config-path";
import type { SentrailConfig } from "../config/sentrail-config";
import { configOptions } from "./config-options";
import { EXIT } from "./exit-codes";
import { PromptCancelledError, promptConfigField } from "./prompt-config-field";

interface InitFlags {
  apiKey?: string;
  workspaceId?: string;
  upstreamUrl?: string;
  upstreamCommand?: string;
  cloudUrl?: string;
  port?: number;
  logLevel?: SentrailConfig["logLevel"];
  yes?: boolean;
  json?: boolean;
}

/**
 * `sentrail init`: prompts on a terminal (pre-filled with the current values), or takes flags and
 * environment variables (`--yes`, or stdin not a terminal); writes the config with mode 0600, then
 * prints the Claude Code and Cursor snippets (stdout; `--json` one document).
 *
 * @example
 * program.addCommand(createInitCommand());
 */
export function createInitCommand(): Command {
  const command = new Command("init")
    .description("write ~/.sentrail/config.json (prompts on a terminal; flags or env vars otherwise)")
    .option("-y, --yes", "do not prompt: take flags, environment variables and current values")
    .option("--json", "print the result as one JSON document");
  for (const option of configOptions()) command.addOption(option);
  return command.action(async (flags: InitFlags, self: Command) => {
    const configPath = resolveConfigPath(self.optsWithGlobals().config);
    const interactive = process.stdin.isTTY === true && flags.yes !== true;
    const values: Partial<SentrailConfig> = {
      apiKey: flags.apiKey,
      workspaceId: flags.workspaceId,
      upstreamMcpUrl: flags.upstreamUrl,
      upstreamCommand: flags.upstreamCommand,
      cloudUrl: flags.cloudUrl,
      port: flags.port,
      logLevel: flags.logLevel,
    };
    let result: Awaited<ReturnType<typeof initConfig>>;
    try {
      result = await initConfig({ configPath, values, ...(interactive ? { ask: promptConfigField } : {}) });
    } catch (error) {
      if (error instanceof PromptCancelledError) {
        process.exitCode = EXIT.failed;
        return;
      }
      throw error;
    }
    if (!result.ok) {
      for (const problem of result.problems) process.stderr.write(`sentrail init: ${problem}\n`);
      if (!interactive) process.stderr.write("sentrail init: nothing written (see sentrail init --help)\n");
      process.exitCode = EXIT.usage;
      return;
    }
    const { config } = result;
    const snippets = createMcpSnippets(config.port);
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ configPath, config: { ...config, apiKey: maskApiKey(config.apiKey) }, snippets }, null, 2)}\n`,
      );
      return;
    }
    process.stderr.write(`${result.replaced ? "Updated" : "Wrote"} ${configPath} (mode 0600)\n`);
    if (config.upstreamMcpUrl === null && config.upstreamCommand === null) {
      process.stderr.write(
        "warning: no upstream MCP server: tools/list and tools/call will fail until you set one\n",
      );
    }
    process.stdout.write(
      [
        `API key ${maskApiKey(config.apiKey)} · workspace ${config.workspaceId} · cloud ${config.cloudUrl}`,
        "",
        "Claude Code: add to ~/.claude/mcp_servers.json or .claude/mcp_servers.json (or run the command below)",
        JSON.stringify(snippets.claudeCode, null, 2),
        `  ${snippets.claudeCodeCommand}`,
        "",
        "Cursor: add to ~/.cursor/mcp.json (Cursor Settings → MCP)",
        JSON.stringify(snippets.cursor, null, 2),
        "",
        "Then run: sentrail start",
        "",
      ].join("\n"),
    );
  });
}
