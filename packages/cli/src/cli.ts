#!/usr/bin/env node
/**
 * `sentrail`: binds `createProgram` to the process. Usage errors exit 2; anything unexpected is
 * reported (redacted) and exits 1. `process.exit` at the end, so a timer left by a library cannot
 * keep a finished command alive.
 */
import { redactSecrets } from "@sentrail/client";
import { CommanderError } from "commander";
import { createProgram } from "./commands/create-program";
import { EXIT } from "./commands/exit-codes";

try {
  await createProgram().parseAsync(process.argv);
  process.exit(process.exitCode ?? EXIT.ok);
} catch (error) {
  if (error instanceof CommanderError) {
    const shown = ["commander.helpDisplayed", "commander.version"].includes(error.code);
    process.exit(shown ? EXIT.ok : EXIT.usage);
  }
  process.stderr.write(
    `sentrail: unexpected failure: ${redactSecrets(String(error instanceof Error ? (error.stack ?? error.message) : error))}\n`,
  );
  process.exit(EXIT.failed);
}
