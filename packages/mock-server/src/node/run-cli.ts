import { version } from "../../package.json";
import { MockControlError } from "../engine/mock-control-error.js";
import type { Seed, SeedResult } from "../engine/seed-types.js";
import {
  DEMO_ADMIN_USER_ID,
  DEMO_API_KEY,
  DEMO_REVIEWER_USER_ID,
  DEMO_WORKSPACE_ID,
  demoSeed,
} from "./demo-seed.js";
import { isLoopbackHost } from "./is-loopback-host.js";
import { CLI_USAGE, parseCliArguments } from "./parse-cli-arguments.js";
import { readSeedFile, SeedFileError } from "./read-seed-file.js";
import { startMockServer } from "./start-mock-server.js";

/** Where the command writes, and how it learns it must stop (injectable for tests). */
export interface CliIo {
  /** One line to standard output. */
  out(line: string): void;
  /** One line to standard error. */
  err(line: string): void;
  /** Resolves with the signal name when the process is asked to stop (SIGINT / SIGTERM). */
  waitForStop(): Promise<string>;
}

/** Exit statuses of `sentrail-mock`. */
export const CLI_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs `sentrail-mock` (mock-server.md §2): parses the arguments, loads the seed (the demo seed
 * without `--seed`), starts the server and prints exactly one line containing its origin —
 * `Sentrail mock listening on http://127.0.0.1:4010 (API base http://127.0.0.1:4010/functions/v1)` —
 * followed, for the demo seed, by the demo API key and the admin and reviewer tokens; the reviewer
 * page's URL goes to stderr (`sentrail-mock: reviewer page at http://127.0.0.1:4010/ …`), so stdout
 * keeps exactly one line with the origin. Then it serves
 * until SIGINT or SIGTERM and resolves with the exit status.
 *
 * How it fails, always before anything listens and with one line on stderr: a bad command line → 2;
 * a `--seed` file that is missing, not JSON, of the wrong shape, or refused by the engine → 1, the line
 * naming the file and the first problem; an address that cannot be bound → 1.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const command = parseCliArguments(argv);
  if (command.kind === "help") {
    io.out(CLI_USAGE);
    return CLI_EXIT.ok;
  }
  if (command.kind === "version") {
    io.out(version);
    return CLI_EXIT.ok;
  }
  if (command.kind === "invalid") {
    io.err(`sentrail-mock: ${command.message} (see sentrail-mock --help)`);
    return CLI_EXIT.usage;
  }

  let seed: Seed;
  try {
    // The file's contents are checked by the engine itself when seeded, like POST /__mock/seed.
    seed = command.seedPath ? ((await readSeedFile(command.seedPath)) as Seed) : demoSeed();
  } catch (error) {
    if (error instanceof SeedFileError) {
      io.err(`sentrail-mock: bad seed file ${error.message}`);
      return CLI_EXIT.failed;
    }
    throw error;
  }

  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({ port: command.port, host: command.host, seed, quiet: command.quiet });
  } catch (error) {
    if (MockControlError.isInstance(error)) {
      const source = command.seedPath ?? "the demo seed";
      io.err(`sentrail-mock: bad seed file ${source}: ${error.message}`);
      return CLI_EXIT.failed;
    }
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
    io.err(`sentrail-mock: cannot listen on ${command.host}:${command.port} (${reason})`);
    return CLI_EXIT.failed;
  }

  // Listen for SIGINT/SIGTERM before the listening line: whoever reads that line may stop us at once, and a
  // signal that arrives before the listeners would kill the process without closing the server.
  const stopped = io.waitForStop();
  io.out(formatListeningLine(server.origin, server.baseUrl, command.host));
  if (server.reviewerUrl) {
    // On stderr, with the other messages for people: stdout keeps exactly one line with the origin.
    io.err(`sentrail-mock: reviewer page at ${server.reviewerUrl} (sign in as any seeded user)`);
  }
  if (!isLoopbackHost(command.host)) {
    io.err(
      `sentrail-mock: warning: bound to ${command.host}; anyone who can reach this address can reset, seed and read the mock through /__mock`,
    );
  }
  if (server.seeded) {
    for (const line of command.seedPath
      ? seedLines(command.seedPath, server.seeded)
      : demoLines(server.seeded)) {
      io.out(line);
    }
  }

  const signal = await stopped;
  await server.close();
  io.err(`sentrail-mock: stopped (${signal})`);
  return CLI_EXIT.ok;
}

/**
 * The one start-up line that names the origin (mock-server.md §2). Bound to anything but loopback, the
 * same line warns that the unauthenticated control plane is exposed, so the warning cannot be missed
 * by whoever reads the address.
 *
 * @example
 * formatListeningLine("http://127.0.0.1:4010", "http://127.0.0.1:4010/functions/v1", "127.0.0.1");
 * // "Sentrail mock listening on http://127.0.0.1:4010 (API base http://127.0.0.1:4010/functions/v1)"
 */
export function formatListeningLine(origin: string, baseUrl: string, host: string): string {
  const line = `Sentrail mock listening on ${origin} (API base ${baseUrl})`;
  return isLoopbackHost(host)
    ? line
    : `${line} WARNING: not loopback, the unauthenticated /__mock control plane is reachable from other hosts`;
}

function demoLines(seeded: SeedResult): string[] {
  const rows: Array<[string, string]> = [
    ["API key (evaluate, gateway, mcp)", DEMO_API_KEY],
    ["Admin token (admin@example.com)", seeded.tokens[DEMO_ADMIN_USER_ID] ?? "(none)"],
    ["Reviewer token (reviewer@example.com)", seeded.tokens[DEMO_REVIEWER_USER_ID] ?? "(none)"],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return [
    `Demo workspace "Acme Demo" ${DEMO_WORKSPACE_ID}: policies, and GitHub, Linear and MCP connections to built-in fakes`,
    ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)} ${value}`),
  ];
}

function seedLines(path: string, seeded: SeedResult): string[] {
  const users = Object.entries(seeded.tokens);
  return [
    `Seeded from ${path}: ${seeded.workspaceIds.length} workspace(s), ${seeded.policyIds.length} policy(ies)`,
    ...users.map(([userId, token]) => `  Token for user ${userId}: ${token}`),
  ];
}

function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    waitForStop: () =>
      new Promise((resolve) => {
        // The listeners stay installed: a second signal (Ctrl+C reaches both `npm start` and us, and
        // `npm start` forwards it too) must not kill the process mid-shutdown. `close()` is bounded
        // (1 s grace), so a stuck stop cannot hang here.
        const stop = (signal: string) => resolve(signal);
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      }),
  };
}
