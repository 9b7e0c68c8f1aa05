#!/usr/bin/env node
/**
 * `sentrail-mock`: serves an offline Sentrail over HTTP (mock-server.md §2). Everything it does lives in
 * `runCli`; this entry only binds it to the process. `process.exit` (not `exitCode`) so timers the mock
 * may still hold (notification retries) cannot keep a stopped server's process alive.
 */
import { runCli } from "./node/run-cli.js";

runCli(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error("sentrail-mock: unexpected failure:", error);
    process.exit(1);
  },
);
