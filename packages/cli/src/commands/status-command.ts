import { Command } from "commander";
import { resolveConfigPath } from "../config/resolve-config-path";
import { createColors } from "../output/create-colors";
import { EXIT } from "./exit-codes";

/**
 * `sentrail status`: the config (key masked), whether the proxy is running and reachable, whether
 * the cloud answers and accepts the key. Exit 0 when all three hold, 1 otherwise.
 *
 * @example
 * program.addCommand(createStatusCommand());
 */
export function createStatusCommand(): Command {
  return new Command("status")
    .description("show the config (key masked), the proxy and the cloud")
    .option("--json", "print the report as one JSON document")
    .option("--no-color", "no colours")
    .action(async (flags: { json?: boolean; color: boolean }, self: Command) => {
      const { readStatus } = await import("../checks/read-status");
      const report = await readStatus({ configPath: resolveConfigPath(self.optsWithGlobals().config) });
      process.exitCode = report.ok ? EXIT.ok : EXIT.failed;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const colors = createColors(process.stdout, { noColor: flags.color === false });
      const mark = (ok: boolean) => (ok ? colors.green("ok") : colors.red("not ok"));
      const lines = [`Config     ${report.configPath} (${report.config})`];
      for (const problem of report.problems) lines.push(`           ${colors.red(problem)}`);
      if (report.settings) {
        const settings = report.settings;
        lines.push(
          `API key    ${settings.apiKey}`,
          `Workspace  ${settings.workspaceId ?? "(not set)"}`,
          `Upstream   ${settings.upstreamMcpUrl ?? settings.upstreamCommand ?? "(none)"}`,
          `Cloud URL  ${settings.cloudUrl ?? "(not set)"}`,
          `Port       ${settings.port}`,
          `Log level  ${settings.logLevel}`,
        );
      }
      if (report.proxy)
        lines.push(`Proxy      ${mark(report.proxy.running)} ${report.proxy.url}: ${report.proxy.detail}`);
      if (report.cloud) {
        lines.push(
          `Cloud      ${mark(report.cloud.reachable && report.cloud.keyAccepted === true)} ${report.cloud.detail}`,
        );
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
