#!/usr/bin/env node
// `npm start`: build what the main job needs (turbo caches it), then run it.
// Until the scripted demo lands this serves the embedded mock server with its demo seed; Ctrl+C stops it.
// Arguments pass through to `sentrail-mock` (e.g. `npm start -- --port 0 --quiet`).
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };
const build = spawnSync(
  "npx",
  ["turbo", "run", "build", "--filter=@sentrail/mock-server...", "--output-logs=errors-only"],
  { cwd: root, env, stdio: "inherit" },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv.slice(2);
const child = spawn(process.execPath, [join(root, "packages/mock-server/dist/cli.js"), ...args], {
  cwd: root,
  env,
  stdio: "inherit",
});

// Ctrl+C reaches the whole foreground group, the server included; a SIGTERM from a process manager
// reaches only us. Either way the server must get the signal and stop itself cleanly, and we exit
// with its status (0 on a clean stop) instead of dying first with "signal SIGINT".
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on("exit", (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
child.on("error", (error) => {
  console.error(`start: could not run the mock server: ${error.message}`);
  process.exit(1);
});
