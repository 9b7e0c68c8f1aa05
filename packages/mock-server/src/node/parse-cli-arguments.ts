import { parseArgs } from "node:util";

/** What `sentrail-mock` was asked to do. */
export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "serve"; port: number; host: string; seedPath: string | null; quiet: boolean }
  | { kind: "invalid"; message: string };

/** Default port of `sentrail-mock` (Prism's, so existing tooling pointed at a local mock keeps working). */
export const DEFAULT_PORT = 4010;
/** Default bind address: loopback only, because the control plane has no authentication. */
export const DEFAULT_HOST = "127.0.0.1";

/** The `--help` text. */
export const CLI_USAGE = `Usage: sentrail-mock [--port 4010] [--host 127.0.0.1] [--seed ./seed.json] [--quiet]

Serves an offline Sentrail (every /functions/v1 endpoint plus the /__mock control plane) over HTTP.

Options:
  -p, --port <n>     Port to listen on (0 picks a free port). Default ${DEFAULT_PORT}.
  -H, --host <addr>  Address to bind. Default ${DEFAULT_HOST} (loopback). The /__mock control plane
                     has no authentication: any other address exposes it to your network.
  -s, --seed <file>  Seed JSON (mock-server.md §4) to start with instead of the demo seed.
  -q, --quiet        Do not log one line per request.
  -h, --help         Show this help.
  -v, --version      Show the version.

Without --seed the mock starts with a demo workspace and prints its API key and user tokens.
Stop it with Ctrl+C (SIGINT) or SIGTERM.`;

/**
 * Parses the command line of `sentrail-mock` with `node:util` `parseArgs` (strict: unknown options and
 * stray positionals are errors). Never throws: a bad command line is a `{ kind: "invalid" }` result
 * whose message the command prints before exiting with status 2.
 *
 * @example
 * parseCliArguments(["--port", "0", "--quiet"]);
 * // → { kind: "serve", port: 0, host: "127.0.0.1", seedPath: null, quiet: true }
 */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { kind: "invalid", message: error instanceof Error ? error.message : String(error) };
  }
  const { values } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const portText = values.port ?? String(DEFAULT_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65_535) {
    return { kind: "invalid", message: `--port must be an integer from 0 to 65535, got "${portText}"` };
  }
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === "") return { kind: "invalid", message: "--host must not be empty" };
  const seedPath = values.seed ?? null;
  if (seedPath !== null && seedPath.trim() === "")
    return { kind: "invalid", message: "--seed needs a file path" };
  return { kind: "serve", port: Number(portText), host, seedPath, quiet: values.quiet ?? false };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string", short: "H" },
      seed: { type: "string", short: "s" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
