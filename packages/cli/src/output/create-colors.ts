import picocolors from "picocolors";

/** The colour functions of `picocolors` (`green`, `red`, `yellow`, `bold`, `dim`, …). */
export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Colours for one output stream: only when that stream is a terminal, never when `NO_COLOR` is set
 * to anything non-empty (no-color.org) or `--no-color` was given. Otherwise every function returns its
 * input unchanged.
 *
 * @example
 * const colors = createColors(process.stderr, { noColor: options.color === false });
 * process.stderr.write(`${colors.green("allowed")}\n`);
 */
export function createColors(
  stream: { isTTY?: boolean },
  options: { noColor?: boolean; env?: Record<string, string | undefined> } = {},
): Colors {
  const env = options.env ?? process.env;
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return picocolors.createColors(stream.isTTY === true && !noColorEnv && options.noColor !== true);
}
