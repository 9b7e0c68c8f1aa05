import type { DemoColor, DemoFormat } from "./parse-demo-arguments";

/** Where the demo writes: `process.stdout` in the command, a recording stream in tests. */
export interface DemoStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** A terminal's width; a live line is cut to fit, so redrawing it never wraps. */
  readonly columns?: number;
}

/** Text styles; each returns the text unchanged when colors are off. */
export interface DemoStyle {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** The demo's one way to print, so that JSON mode stays one clean document and colors stay optional. */
export interface DemoOutput {
  readonly format: DemoFormat;
  /** True when ANSI colors are written. */
  readonly color: boolean;
  /** True when the stream is a terminal in text mode: a live progress line may redraw itself. */
  readonly live: boolean;
  /** The terminal's width when known. */
  readonly columns: number | undefined;
  readonly style: DemoStyle;
  /** One line of the human story; dropped in JSON mode. */
  line(text?: string): void;
  /** Raw text to the stream in text mode (for the progress line's redraws); dropped in JSON mode. */
  raw(text: string): void;
  /** The JSON document; written only in JSON mode. */
  json(document: unknown): void;
}

/** Options of {@link createDemoOutput}. */
export interface DemoOutputOptions {
  format: DemoFormat;
  color: DemoColor;
  stream: DemoStream;
  /** The environment, for `NO_COLOR` (https://no-color.org) and `FORCE_COLOR`. */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Creates the demo's output. Colors only when asked (`auto`), in text mode, without `NO_COLOR`, and on a
 * TTY (or with `FORCE_COLOR` set to something other than `0`); `--no-color` and `--json` never color.
 *
 * @example
 * ```ts
 * const output = createDemoOutput({ format: "text", color: "auto", stream: process.stdout, env: process.env });
 * output.line(output.style.green("✔ allowed"));
 * ```
 */
export function createDemoOutput(options: DemoOutputOptions): DemoOutput {
  const { format, stream, env } = options;
  const text = format === "text";
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const color = text && options.color === "auto" && !noColor && (stream.isTTY === true || forced);
  const paint = (open: number, close: number) => (value: string) =>
    color ? `\u001b[${open}m${value}\u001b[${close}m` : value;
  return {
    format,
    color,
    live: text && stream.isTTY === true,
    columns: stream.columns,
    style: {
      bold: paint(1, 22),
      dim: paint(2, 22),
      green: paint(32, 39),
      red: paint(31, 39),
      yellow: paint(33, 39),
      cyan: paint(36, 39),
    },
    line(value = "") {
      if (text) stream.write(`${value}\n`);
    },
    raw(value) {
      if (text) stream.write(value);
    },
    json(document) {
      if (!text) stream.write(`${JSON.stringify(document, null, 2)}\n`);
    },
  };
}
