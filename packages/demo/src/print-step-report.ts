import type { DemoOutput } from "./create-demo-output";
import type { DemoStepReport } from "./start-step-report";
import type { StoryStep } from "./story-steps";

/**
 * Prints a step's heading before it runs: number, title, and the packages it goes through.
 *
 * @example
 * ```ts
 * printStepHeading(output, 1, STORY_STEPS["read-allowed"]);
 * ```
 */
export function printStepHeading(output: DemoOutput, number: number, step: StoryStep): void {
  output.line();
  output.line(`${output.style.bold(`${number}. ${step.title}`)}`);
  output.line(`   ${output.style.dim(`via ${step.packages.join(" · ")}`)}`);
}

/**
 * Prints what a step verified (one line per check) and its outcome against the expected one.
 *
 * @example
 * ```ts
 * printStepReport(output, report); // "   ✔ push_to_main never ran" … "   → blocked"
 * ```
 */
export function printStepReport(output: DemoOutput, report: DemoStepReport): void {
  const { style } = output;
  for (const check of report.checks) {
    output.line(`   ${check.ok ? style.green("✔") : style.red("✖")} ${check.what}`);
  }
  const verdict =
    report.actual === report.expected
      ? style.green(report.actual)
      : `${style.red(report.actual)} ${style.dim(`(expected ${report.expected})`)}`;
  output.line(`   → ${verdict} ${style.dim(`${(report.durationMs / 1000).toFixed(1)} s`)}`);
}
