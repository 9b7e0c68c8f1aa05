import { redactSecrets } from "@sentrail/client";
import { Command } from "commander";
import { resolveConfigPath } from "../config/resolve-config-path";
import type { SentrailConfig } from "../config/sentrail-config";
import type { InterceptorUpstream } from "../interceptor/create-upstream-connection";
import { isLoopbackHost } from "../interceptor/is-loopback-host";
import { parseUpstreamCommand } from "../interceptor/parse-upstream-command";
import { createColors } from "../output/create-colors";
import { formatInterceptorEvent } from "../output/format-interceptor-event";
import { configOptions } from "./config-options";
import { EXIT } from "./exit-codes";
import { loadConfig } from "./load-config";

interface StartFlags {
  apiKey?: string;
  workspaceId?: string;
  upstreamUrl?: string;
  upstreamCommand?: string;
  cloudUrl?: string;
  port?: number;
  logLevel?: SentrailConfig["logLevel"];
  host: string;
  agentId: string;
  json?: boolean;
  color: boolean;
}

/**
 * `sentrail start`: the foreground proxy (`startInterceptor`). Prints one ready line on stdout
 * (`--json`: `{ "url", "upstream" }`), the decision log on stderr, and stops cleanly on Ctrl+C
 * (SIGINT) or SIGTERM with exit 0. Exit 1 when it cannot start (no config, port in use, upstream
 * unreachable), 2 for bad flags.
 *
 * @example
 * program.addCommand(createStartCommand());
 */
export function createStartCommand(): Command {
  const command = new Command("start")
    .description("run the local MCP proxy in the foreground (Ctrl+C stops it)")
    .option("--host <address>", "address to bind (anything but loopback exposes the proxy)", "127.0.0.1")
    .option("--agent-id <id>", "agent id sent with every evaluation", "sentrail-cli")
    .option("--json", "print the ready line as JSON")
    .option("--no-color", "no colours in the decision log");
  for (const option of configOptions()) command.addOption(option);
  return command.action(async (flags: StartFlags, self: Command) => {
    const configPath = resolveConfigPath(self.optsWithGlobals().config);
    const loaded = await loadConfig(configPath, {
      apiKey: flags.apiKey,
      workspaceId: flags.workspaceId,
      upstreamMcpUrl: flags.upstreamUrl,
      upstreamCommand: flags.upstreamCommand,
      cloudUrl: flags.cloudUrl,
      logLevel: flags.logLevel,
    });
    if (!loaded.ok) {
      for (const problem of loaded.problems) process.stderr.write(`sentrail start: ${problem}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    const { config } = loaded;
    let upstream: InterceptorUpstream | null = null;
    if (config.upstreamMcpUrl !== null) upstream = { kind: "http", url: config.upstreamMcpUrl };
    else if (config.upstreamCommand !== null) {
      try {
        upstream = { kind: "stdio", ...parseUpstreamCommand(config.upstreamCommand) };
      } catch (error) {
        process.stderr.write(`sentrail start: ${(error as Error).message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
    } else {
      process.stderr.write(
        "sentrail start: warning: no upstream MCP server (upstreamMcpUrl or --upstream-command): tools/list and tools/call will fail\n",
      );
    }
    if (!isLoopbackHost(flags.host)) {
      process.stderr.write(
        `sentrail start: warning: bound to ${flags.host}: anyone who can reach it can use your Sentrail key through the proxy\n`,
      );
    }
    const colors = createColors(process.stderr, { noColor: flags.color === false });
    const { startInterceptor } = await import("../interceptor/start-interceptor");
    let proxy: Awaited<ReturnType<typeof startInterceptor>>;
    try {
      proxy = await startInterceptor({
        config,
        upstream,
        host: flags.host,
        port: flags.port ?? config.port,
        agentId: flags.agentId,
        onEvent(event) {
          const line = formatInterceptorEvent(event, { colors, logLevel: config.logLevel });
          if (line !== null) process.stderr.write(`${line}\n`);
        },
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = redactSecrets(error instanceof Error ? error.message : String(error));
      process.stderr.write(
        `sentrail start: could not start${typeof code === "string" ? ` (${code})` : ""}: ${reason}\n`,
      );
      process.exitCode = EXIT.failed;
      return;
    }
    if (flags.json) process.stdout.write(`${JSON.stringify({ url: proxy.url, upstream: proxy.upstream })}\n`);
    else
      process.stdout.write(`Sentrail proxy listening on ${proxy.url} → ${proxy.upstream ?? "no upstream"}\n`);
    if (config.logLevel === "debug") {
      process.stderr.write(
        `sentrail start: evaluating with ${config.cloudUrl} (workspace ${config.workspaceId})\n`,
      );
    }
    const signal = await new Promise<string>((resolve) => {
      // The listeners stay: a second Ctrl+C during shutdown must not kill the process half-way.
      process.on("SIGINT", () => resolve("SIGINT"));
      process.on("SIGTERM", () => resolve("SIGTERM"));
    });
    await proxy.close();
    process.stderr.write(`sentrail start: stopped (${signal})\n`);
    process.exitCode = EXIT.ok;
  });
}
