#!/usr/bin/env node
// `npm start`: build the demo and the packages it imports (turbo caches it, so only the first run
// waits), then run the scripted story against the embedded mock server (packages/demo).
// Arguments pass through to the demo: `npm start -- --no-color`, `--json`, `--interactive`, `--help`.
// For machine-readable output keep npm's own banner off stdout: `npm start --silent -- --json`.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };
const args = process.argv.slice(2);

// The build's output goes to stderr, and only when it fails: stdout belongs to the demo (and to its
// one JSON document with --json).
process.stderr.write(
  "Building the demo and the packages it uses (turbo caches this; the first run takes longest)…\n",
);
const build = spawnSync(
  "npx",
  ["turbo", "run", "build", "--filter=@sentrail/demo...", "--output-logs=errors-only"],
  { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? "");
  process.stderr.write(build.stderr ?? "");
  process.stderr.write(
    `start: the build failed (${build.error?.message ?? `exit ${build.status ?? build.signal}`})\n`,
  );
  process.exit(1);
}

const child = spawn(process.execPath, [join(root, "packages/demo/dist/run-demo.js"), ...args], {
  cwd: root,
  env,
  stdio: "inherit",
});

// Ctrl+C reaches the whole foreground group, the demo included; a SIGTERM from a process manager
// reaches only us. Either way the demo must get the signal and stop its mock server cleanly, and we
// exit with its status instead of dying first with "signal SIGINT".
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on("exit", (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
child.on("error", (error) => {
  console.error(`start: could not run the demo: ${error.message}`);
  process.exit(1);
});
