#!/usr/bin/env node
// `npm start`: build what the main job needs (turbo caches it), then run it.
// Until the scripted demo lands this serves the embedded mock server with its demo seed; Ctrl+C stops it.
import { spawnSync } from "node:child_process";
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
const result = spawnSync(process.execPath, [join(root, "packages/mock-server/dist/cli.js"), ...args], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 0);
