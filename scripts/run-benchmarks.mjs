#!/usr/bin/env node
// `npm run bench`: build, then run the `bench` script of every workspace that has one, one at a time
// (benchmarks must not compete for the CPU). Each benchmark prints its own table; results are also
// written to .bench-results/. Exits non-zero when a build or a benchmark fails.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const workspaceDirs = rootManifest.workspaces.flatMap((pattern) => {
  const parent = join(root, pattern.replace(/\/\*$/, ""));
  return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
});
const benchmarked = workspaceDirs
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")))
  .filter((manifest) => typeof manifest.scripts?.bench === "string")
  .map((manifest) => manifest.name);

if (benchmarked.length === 0) {
  console.log("no workspace has a bench script");
  process.exit(0);
}
console.log(`benchmarks: ${benchmarked.join(", ")}`);

const filters = benchmarked.map((name) => `--filter=${name}`);
const steps = [
  [
    "build",
    ["turbo", "run", "build", ...filters.map((filter) => `${filter}...`), "--output-logs=errors-only"],
  ],
  ["bench", ["turbo", "run", "bench", ...filters, "--concurrency=1", "--continue", "--log-prefix=none"]],
];
for (const [name, args] of steps) {
  const result = spawnSync("npx", args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`✖ ${name} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
