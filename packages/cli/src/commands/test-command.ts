import { Command } from "commander";
import type { DestructiveActionCheckOptions } from "../checks/run-destructive-action-check";
import { resolveConfigPath } from "../config/resolve-config-path";
import { createColors } from "../output/create-colors";
import { EXIT } from "./exit-codes";
import { loadConfig } from "./load-config";

/**
 * `sentrail test`: the end-to-end destructive-action check (`runDestructiveActionCheck`) against
 * the configured Sentrail and running proxy, or `--mock` (the embedded mock). Exit 0 when it
 * passed, 1 when a step failed or there is no usable config.
 *
 * @example
 * program.addCommand(createTestCommand());
 */
export function createTestCommand(): Command {
  return new Command("test")
    .description("check end to end that a destructive command never reaches the upstream")
    .option("--mock", "use the embedded mock instead of the configured Sentrail")
    .option("--json", "print the report as one JSON document")
    .option("--no-color", "no colours")
    .action(async (flags: { mock?: boolean; json?: boolean; color: boolean }, self: Command) => {
      let against: DestructiveActionCheckOptions["against"] = { kind: "mock" };
      if (!flags.mock) {
        const loaded = await loadConfig(resolveConfigPath(self.optsWithGlobals().config), {});
        if (!loaded.ok) {
          for (const problem of loaded.problems) process.stderr.write(`sentrail test: ${problem}\n`);
          process.stderr.write("sentrail test: or run sentrail test --mock\n");
          process.exitCode = EXIT.failed;
          return;
        }
        against = { kind: "config", config: loaded.config };
      }
      const colors = createColors(process.stdout, { noColor: flags.color === false });
      const { runDestructiveActionCheck } = await import("../checks/run-destructive-action-check");
      const report = await runDestructiveActionCheck({
        against,
        onStep(step) {
          if (flags.json) return;
          const mark =
            step.result === "pass"
              ? colors.green("pass")
              : step.result === "fail"
                ? colors.red("FAIL")
                : colors.dim("skip");
          process.stdout.write(`${mark}  ${step.name}: ${step.detail}\n`);
        },
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else
        process.stdout.write(
          `${report.passed ? colors.green("passed") : colors.red("failed")} (Sentrail: ${report.sentrail})\n`,
        );
      process.exitCode = report.passed ? EXIT.ok : EXIT.failed;
    });
}
