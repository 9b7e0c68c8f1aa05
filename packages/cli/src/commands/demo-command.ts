import { Command, Option } from "commander";
import { createColors } from "../output/create-colors";
import { EXIT } from "./exit-codes";

/**
 * `sentrail demo`: the offline four-action simulation (`runDemo`). The force push asks "approve?"
 * on a terminal; otherwise (or with `--approve yes|no`, env `SENTRAIL_DEMO_APPROVE`) the answer is
 * given, default `no`. Exit 0 when all four steps went as described, 1 otherwise.
 *
 * @example
 * program.addCommand(createDemoCommand());
 */
export function createDemoCommand(): Command {
  return new Command("demo")
    .description("simulate four agent shell commands offline; nothing is executed")
    .addOption(
      new Option("--approve <answer>", "answer to the approval prompt, without asking")
        .choices(["yes", "no"])
        .env("SENTRAIL_DEMO_APPROVE"),
    )
    .option("--json", "print the steps as one JSON document")
    .option("--no-color", "no colours")
    .action(async (flags: { approve?: "yes" | "no"; json?: boolean; color: boolean }) => {
      const colors = createColors(process.stdout, { noColor: flags.color === false });
      const interactive = process.stdin.isTTY === true && flags.approve === undefined;
      if (!flags.json)
        process.stderr.write(
          "Sentrail demo: an embedded Sentrail, the local proxy, a stand-in upstream that runs nothing.\n",
        );
      const { runDemo } = await import("../checks/run-demo");
      const steps = await runDemo({
        async approve(request) {
          if (!interactive) {
            const approved = flags.approve === "yes";
            process.stderr.write(
              `  ${request.command} needs approval (${request.reason}); answering ${approved ? "yes" : "no"} (--approve)\n`,
            );
            return approved;
          }
          // Loaded only when a terminal is asked: every other run (and command) skips @clack/prompts.
          const { confirm, isCancel } = await import("@clack/prompts");
          const answer = await confirm({
            output: process.stderr,
            message: `Approve "${request.command}"? (${request.reason})`,
            initialValue: false,
          });
          return !isCancel(answer) && answer === true;
        },
        onStep(step) {
          if (flags.json) return;
          const label =
            step.result === "allowed"
              ? colors.green(step.approval === "approved" ? "approved, allowed" : "allowed")
              : step.decision === "require_approval"
                ? colors.yellow(`approval ${step.approval ?? "not given"}`)
                : colors.red("blocked");
          process.stdout.write(
            `${step.expected ? "✔" : "✖"} ${step.command.padEnd(32)} ${`${step.action}/${step.riskLevel}`.padEnd(32)} ${label}  ${colors.dim(step.message)}\n`,
          );
        },
      });
      const passed = steps.every((step) => step.expected);
      if (flags.json) process.stdout.write(`${JSON.stringify({ passed, executed: 0, steps }, null, 2)}\n`);
      else
        process.stdout.write(
          `Nothing was executed. ${passed ? "All four steps went as expected." : "A step did not go as expected."}\n`,
        );
      process.exitCode = passed ? EXIT.ok : EXIT.failed;
    });
}
