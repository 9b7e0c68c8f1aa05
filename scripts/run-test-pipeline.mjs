#!/usr/bin/env node
// `npm test`: the whole gate a change must pass, in the order a contributor would fix things.
// Each step stops the pipeline on failure; the last line is a plain "N passed, N failed" summary
// aggregated from every test runner's JSON report, which each workspace writes to its own
// .test-results/ (declared as turbo outputs, so a cached test run restores its report and a second
// `npm test` counts the same tests), plus two reports in the root .test-results/ from steps that are not
// turbo tasks: the docs test's (it runs every time) and the consumer project's (packed tarballs installed
// in a fresh project; it re-emits its last report when nothing it packs or runs changed). A run that
// counted no test at all fails.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const workspaceDirs = rootManifest.workspaces.flatMap((pattern) => {
  const parent = join(root, pattern.replace(/\/\*$/, ""));
  return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
});
const resultsDirs = [root, ...workspaceDirs].map((dir) => join(dir, ".test-results"));
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
};

const steps = [
  ["lint", ["npx", "biome", "check", "."]],
  ["openapi lint", ["npm", "run", "--silent", "lint:openapi"]],
  ["openapi schema", ["node", "scripts/validate-openapi.mjs"]],
  ["generated-code drift", ["npm", "run", "--silent", "check:generated"]],
  ["build", ["npx", "turbo", "run", "build", "--output-logs=errors-only"]],
  ["typecheck", ["npx", "turbo", "run", "typecheck", "--output-logs=errors-only"]],
  ["docs (README snippets and commands)", ["node", "scripts/check-docs.mjs"]],
  ["tests", ["npx", "turbo", "run", "test", "--concurrency=1", "--output-logs=full"]],
  ["package checks", ["npx", "turbo", "run", "check:package", "--output-logs=errors-only"]],
  ["package contents", ["node", "scripts/check-package-contents.mjs"]],
  ["consumer project (packed tarballs)", ["node", "scripts/check-consumer-project.mjs"]],
];

// Reports left by earlier runs would be counted twice; turbo restores a cached task's report itself.
for (const dir of resultsDirs) rmSync(dir, { recursive: true, force: true });

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

const counted = printSummary();
if (counted === 0) {
  console.error("✖ no test report was found: a run that executed no test does not pass");
  process.exit(1);
}

function printSummary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const dir of resultsDirs.filter((candidate) => existsSync(candidate))) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
      const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    }
  }
  console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return passed + failed;
}
