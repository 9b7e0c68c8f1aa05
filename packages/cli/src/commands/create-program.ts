import { Command } from "commander";
import { version } from "../version";
import { createDemoCommand } from "./demo-command";
import { createInitCommand } from "./init-command";
import { createStartCommand } from "./start-command";
import { createStatusCommand } from "./status-command";
import { createTestCommand } from "./test-command";

/**
 * The `sentrail` command line (commander): `init`, `start`, `status`, `demo`, `test`, with
 * `--help` and `--version` everywhere and a global `--config <path>`. Usage errors are left to the
 * caller as commander errors (exit 2 in `cli.ts`).
 *
 * @example
 * await createProgram().parseAsync(process.argv);
 */
export function createProgram(): Command {
  const program = new Command("sentrail")
    .description(
      "Gate your coding agent's tool calls (rm -rf, git push --force, DROP TABLE) through Sentrail.",
    )
    .version(version, "-v, --version")
    .option("--config <path>", "config file (default ~/.sentrail/config.json)")
    .showHelpAfterError("(see sentrail --help)")
    .exitOverride()
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 the check or the command failed, 2 usage error.\nDocs: https://docs.sentrail.dev/cli/overview",
    );
  for (const command of [
    createInitCommand(),
    createStartCommand(),
    createStatusCommand(),
    createDemoCommand(),
    createTestCommand(),
  ]) {
    program.addCommand(command.exitOverride());
  }
  return program;
}
