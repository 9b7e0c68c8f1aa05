/** How the demo reports: `text` for people, `json` for machines (one JSON document on stdout, nothing else). */
export type DemoFormat = "text" | "json";

/** Whether the text output may use ANSI colors: `auto` (only on a TTY without `NO_COLOR`) or `never`. */
export type DemoColor = "auto" | "never";

/** Who decides the held calls: the scripted reviewer (default), or a person with curl (`--interactive`). */
export type DemoReviewerKind = "scripted" | "human";

/** The demo's settings, read from its command line. */
export interface DemoArguments {
  format: DemoFormat;
  color: DemoColor;
  reviewer: DemoReviewerKind;
}

/** What the command line asks for: run the story, print the usage, or a usage error (exit status 2). */
export type ParsedDemoArguments =
  | { kind: "run"; arguments: DemoArguments }
  | { kind: "help" }
  | { kind: "error"; message: string };

/** The `--help` text. */
export const DEMO_USAGE = `Usage: npm start -- [--no-color] [--json] [--interactive]

Runs the Sentrail story against the offline mock: a read allowed, a write blocked, a pull request held
for a reviewer, approved and replayed once, a call denied, the kill switch stopping everything, and the
audit log that proves it. Exits 0 only when every step happened as expected.

  --no-color     plain text, no ANSI colors (also: NO_COLOR=1; colors are only used on a terminal)
  --json         print one JSON document with every step and its verified outcome, nothing else
  --interactive  you are the reviewer: decide in the mock's reviewer page (the demo prints its URL) or
                 with the curl commands it prints; it waits for your decisions, then keeps the mock
                 running until Ctrl+C
  -h, --help     show this text`;

/**
 * Reads the demo's command line (the arguments after `npm start --`). Pure: no environment, no I/O.
 * `--json` and `--interactive` exclude each other (a machine cannot read curl instructions from a JSON
 * document, and a person waiting for prompts does not want one).
 *
 * Never throws: an unknown option or a bad combination comes back as `{ kind: "error" }`.
 *
 * @example
 * ```ts
 * parseDemoArguments(["--json"]);
 * // => { kind: "run", arguments: { format: "json", color: "auto", reviewer: "scripted" } }
 * ```
 */
export function parseDemoArguments(argv: readonly string[]): ParsedDemoArguments {
  const parsed: DemoArguments = { format: "text", color: "auto", reviewer: "scripted" };
  for (const argument of argv) {
    switch (argument) {
      case "--":
        break;
      case "--json":
        parsed.format = "json";
        break;
      case "--no-color":
        parsed.color = "never";
        break;
      case "--interactive":
        parsed.reviewer = "human";
        break;
      case "-h":
      case "--help":
        return { kind: "help" };
      default:
        return { kind: "error", message: `unknown option "${argument}"` };
    }
  }
  if (parsed.format === "json" && parsed.reviewer === "human") {
    return { kind: "error", message: "--json and --interactive cannot be combined" };
  }
  return { kind: "run", arguments: parsed };
}
