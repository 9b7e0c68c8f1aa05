#!/usr/bin/env node
// `npm test`: the whole gate a change must pass, in the order a contributor would fix things.
// Each step stops the pipeline on failure; the last line is a plain "N passed, N failed" summary
// aggregated from every test runner's JSON report in .test-results/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const resultsDir = join(root, ".test-results");
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
};

const steps = [
  ["lint", ["npx", "biome", "check", "."]],
  ["openapi lint", ["npm", "run", "--silent", "lint:openapi"]],
  ["generated-code drift", ["npm", "run", "--silent", "check:generated"]],
  ["build", ["npx", "turbo", "run", "build", "--output-logs=errors-only"]],
  ["typecheck", ["npx", "turbo", "run", "typecheck", "--output-logs=errors-only"]],
  ["tests", ["npx", "turbo", "run", "test", "--concurrency=1", "--output-logs=full"]],
  ["package checks", ["npx", "turbo", "run", "check:package", "--output-logs=errors-only"]],
];

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

for (const [name, [command, ...args]] of steps) {
  console.log(`\n▶ ${name}: ${[command, ...args].join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${name} failed after ${seconds}s (exit ${result.status ?? result.signal})`);
    printSummary();
    process.exit(1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}

printSummary();

function printSummary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync(resultsDir)) {
    for (const file of readdirSync(resultsDir).filter((name) => name.endsWith(".json"))) {
      const report = JSON.parse(readFileSync(join(resultsDir, file), "utf8"));
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    }
  }
  console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
}
