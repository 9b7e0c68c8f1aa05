#!/usr/bin/env node
// `npm run test:node-matrix`: the suite under each supported Node.js major (20, 22, 24).
//
//   npm run test:node-matrix                          → the whole `npm test` pipeline under Node 20, 22 and 24
//   npm run test:node-matrix -- --quick               → build + the vitest suites of every workspace
//   npm run test:node-matrix -- --quick --node 22,24  → only those majors
//
// Node 20 is the one running this script (the system Node); 22 and 24 are the pinned binaries that
// scripts/ensure-node-binary.mjs installs from the npm registry. A version's binary directory goes first on
// PATH for every child process, so `node`, npm/npx and turbo's task processes (npm is a JS program started
// through `#!/usr/bin/env node`), vitest's workers and any `node` a test spawns all run on it. A probe test
// checks that before the suite runs.
//
// Turbo: every child gets SENTRAIL_NODE_MATRIX=<node version>, listed in turbo.json's `globalEnv`, so each
// version has its own cache key (a run under 22 is never answered from the cache of a run under 20).
//
// Reports: the workspaces' .test-results/ are what `npm test` counts (and turbo caches), so the matrix never
// leaves its reports there: the quick part moves each workspace's folder aside while its vitest runs, then
// moves the new reports to node_modules/.cache/sentrail-node-matrix/<version>/ and puts the folder back; a
// full run (the `npm test` pipeline, which writes those folders itself) does the same around the whole run.
//
// The quick part leaves out the type tests (`--typecheck`: tsc, the same on every Node), the docs test, lint
// and the package checks, and, unless --integration, the integration and browser suites. It ends with a
// per-version summary and exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureNodeBinary, pinnedNodeVersions } from "./ensure-node-binary.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = join(root, "node_modules", ".cache", "sentrail-node-matrix");
// The bin itself (`#!/usr/bin/env node`, so PATH's node runs it), not `npx vitest`: a step's timeout then
// stops vitest, which ends its workers, rather than an npx process that would leave them running.
const vitestBin = join(root, "node_modules", ".bin", "vitest");

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    node: { type: "string", default: "20,22,24" },
    integration: { type: "boolean", default: false },
    exclude: { type: "string", multiple: true, default: [] },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(
    [
      "usage: npm run test:node-matrix -- [--quick] [--node 20,22,24] [--integration] [--exclude <glob>]",
      "  --quick             build + every workspace's vitest unit suites (no lint, type tests, docs or package checks)",
      "  --node <majors>     comma-separated Node.js majors (default 20,22,24; 20 is the system Node)",
      "  --integration       with --quick: also the integration and browser suites (slow: real servers, processes)",
      "  --exclude <glob>    with --quick: also leave out these test files (repeatable; vitest --exclude)",
    ].join("\n"),
  );
  process.exit(0);
}
const majors = values.node
  .split(",")
  .map((major) => major.trim())
  .filter(Boolean);
for (const major of majors) {
  if (major !== "20" && !pinnedNodeVersions[major]) {
    console.error(
      `unknown Node.js major ${major}: supported are 20 (system), ${Object.keys(pinnedNodeVersions)}`,
    );
    process.exit(2);
  }
}

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const workspaceDirs = rootManifest.workspaces.flatMap((pattern) => {
  const parent = join(root, pattern.replace(/\/\*$/, ""));
  return existsSync(parent)
    ? readdirSync(parent)
        .map((name) => join(parent, name))
        .filter((dir) => existsSync(join(dir, "package.json")))
    : [];
});

/**
 * What the quick part leaves out unless --integration: the suites that start real servers, redis-server,
 * worker processes or a browser. Measured on a shared 2-core machine, they take the quick part from
 * about 3 to about 5 minutes per version (build included).
 */
const QUICK_EXCLUDES = ["**/*.integration.test.ts", "**/*.browser.test.ts"];
/** The longest one workspace's vitest run may take in the quick part (the slowest takes about 3.5 minutes). */
const STEP_TIMEOUT_MS = 8 * 60_000;

/** Where a workspace's .test-results/ waits while the quick part runs its vitest. */
const asideDir = (dir) => join(cacheDir, "aside", relative(root, dir).replaceAll("/", "-"));
// A matrix stopped mid-step (Ctrl+C) leaves a workspace's reports aside: put them back first.
for (const dir of workspaceDirs) {
  if (existsSync(asideDir(dir)) && !existsSync(join(dir, ".test-results"))) {
    renameSync(asideDir(dir), join(dir, ".test-results"));
  }
}

const results = [];
for (const major of majors) results.push(runVersion(major));

console.log(`\nNode.js matrix (${values.quick ? "quick: build + vitest suites" : "full npm test"})`);
for (const r of results) {
  const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`;
  const failures = r.failures.length ? `  ✖ ${r.failures.join("; ")}` : "";
  console.log(
    `${r.ok ? "✔" : "✖"} node ${r.version.padEnd(9)} ${counts} (${r.seconds.toFixed(1)}s)${failures}`,
  );
}
process.exit(results.every((r) => r.ok) ? 0 : 1);

/** The binary of a major: 20 is the system Node running this script; 22/24 are the pinned registry builds. */
function resolveNode(major) {
  if (major === "20") {
    if (process.versions.node.split(".")[0] !== "20") {
      throw new Error(`Node 20 is the system Node, but this script runs on ${process.version}`);
    }
    return process.execPath;
  }
  return ensureNodeBinary(major);
}

function runVersion(major) {
  const started = Date.now();
  const result = { version: `node ${major}`, passed: 0, failed: 0, skipped: 0, failures: [], ok: false };
  let binary;
  try {
    binary = resolveNode(major);
  } catch (error) {
    result.failures.push(error.message);
    result.seconds = 0;
    return result;
  }
  const version = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim();
  result.version = version;
  const env = {
    ...process.env,
    PATH: [dirname(binary), process.env.PATH].join(delimiter),
    SENTRAIL_NODE_MATRIX: version,
    TURBO_TELEMETRY_DISABLED: "1",
    REDOCLY_TELEMETRY: "off",
    REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  };
  // Under `npm run`, npm exports the Node that runs it (NODE, npm_node_execpath) and its global prefix
  // (npm_config_prefix=/usr for a system Node): with the prefix set, a nested `npm exec`/`npx` puts
  // <prefix>/bin, the system `node`'s directory, ahead of PATH. Point the former at the matrix Node and let
  // each nested npm derive its prefix from the Node that runs it.
  for (const name of ["NODE", "npm_node_execpath"]) if (env[name]) env[name] = binary;
  for (const name of ["npm_config_prefix", "npm_config_global_prefix", "npm_config_user_agent"])
    delete env[name];
  console.log(`\n━━ ${version} (${binary})`);

  const run = (name, command, args, options = {}) => {
    console.log(`\n▶ [${version}] ${name}: ${[command, ...args].join(" ")}`);
    const stepStarted = Date.now();
    const child = spawnSync(command, args, { cwd: root, env, stdio: "inherit", ...options });
    const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
    if (child.status !== 0) {
      console.error(`✖ [${version}] ${name} failed after ${seconds}s (exit ${child.status ?? child.signal})`);
      result.failures.push(name);
      return false;
    }
    console.log(`✔ [${version}] ${name} (${seconds}s)`);
    return true;
  };

  const reportsDir = join(cacheDir, version);
  rmSync(reportsDir, { recursive: true, force: true });
  mkdirSync(reportsDir, { recursive: true });

  if (probe(version, env, run)) {
    if (values.quick) {
      runQuick(reportsDir, run);
      Object.assign(result, countReports([reportsDir]));
    } else {
      Object.assign(result, runFull(reportsDir, run));
    }
  }
  result.seconds = (Date.now() - started) / 1000;
  result.ok = result.failures.length === 0 && result.failed === 0 && result.passed > 0;
  if (result.passed === 0 && result.failures.length === 0) result.failures.push("no test was counted");
  return result;
}

/** Checks that PATH's `node`, a vitest worker and a `node` it spawns all report the expected version. */
function probe(version, env, run) {
  const shellNode = spawnSync("sh", ["-c", "node --version"], { env, encoding: "utf8" }).stdout.trim();
  const npmNode = spawnSync("npm", ["exec", "--offline", "--", "node", "--version"], {
    cwd: root,
    env,
    encoding: "utf8",
  }).stdout.trim();
  console.log(`node --version via PATH: ${shellNode}; via npm exec: ${npmNode}`);
  if (shellNode !== version || npmNode !== version) {
    console.error(`✖ expected ${version} from PATH's node`);
    return run("node version probe", "false", []);
  }
  // The probe lives under node_modules/.cache so that `vitest` resolves from the root's node_modules.
  const probeDir = join(cacheDir, "probe");
  mkdirSync(probeDir, { recursive: true });
  writeFileSync(
    join(probeDir, "node-version.probe.test.mjs"),
    [
      'import { execFileSync, execSync } from "node:child_process";',
      'import { expect, test } from "vitest";',
      "const expected = process.env.SENTRAIL_NODE_MATRIX;",
      'test("the vitest worker runs on the matrix Node", () => expect(process.version).toBe(expected));',
      'test("a `node` spawned through PATH is the matrix Node", () => expect(execSync("node --version", { encoding: "utf8" }).trim()).toBe(expected));',
      'test("a child on process.execPath is the matrix Node", () => expect(execFileSync(process.execPath, ["--version"], { encoding: "utf8" }).trim()).toBe(expected));',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(probeDir, "vitest.config.mjs"),
    'export default { test: { include: ["*.probe.test.mjs"], exclude: [] } };\n',
  );
  return run(
    "node version probe (vitest worker)",
    vitestBin,
    [
      "run",
      "--root",
      probeDir,
      "--config",
      join(probeDir, "vitest.config.mjs"),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(probeDir, ".results", `${version}.json`)}`,
    ],
    { cwd: probeDir },
  );
}

function runQuick(reportsDir, run) {
  if (!run("build", "npx", ["turbo", "run", "build", "--output-logs=errors-only"])) return;
  for (const dir of workspaceDirs) {
    const configs = readdirSync(dir)
      .filter((name) => /^vitest(\.[\w-]+)?\.config\.(ts|mts|js|mjs)$/.test(name))
      .sort();
    for (const config of configs) {
      const variant = config.replace(/^vitest\.?/, "").replace(/\.?config\.\w+$/, "");
      const name = `${relative(root, dir).replaceAll("/", "-")}${variant ? `-${variant}` : ""}`;
      const args = ["run", "--config", config];
      if (!values.integration) args.push(...QUICK_EXCLUDES.flatMap((glob) => ["--exclude", glob]));
      for (const glob of values.exclude) args.push("--exclude", glob);
      // The configs' own json reporter (its outputFile wins over the command line's) writes into the
      // workspace's .test-results/, which `npm test` counts: keep that folder aside while vitest runs,
      // then move the new reports into this version's folder and put the folder back.
      const resultsDir = join(dir, ".test-results");
      const aside = asideDir(dir);
      rmSync(aside, { recursive: true, force: true });
      mkdirSync(dirname(aside), { recursive: true });
      if (existsSync(resultsDir)) renameSync(resultsDir, aside);
      try {
        // A hung suite fails its step instead of holding the whole matrix (and CI) until its own timeout.
        run(`vitest ${relative(root, dir)}${variant ? ` (${config})` : ""}`, vitestBin, args, {
          cwd: dir,
          timeout: STEP_TIMEOUT_MS,
        });
      } finally {
        if (existsSync(resultsDir)) {
          for (const file of readdirSync(resultsDir)) {
            renameSync(join(resultsDir, file), join(reportsDir, `${name}--${file}`));
          }
          rmSync(resultsDir, { recursive: true, force: true });
        }
        if (existsSync(aside)) renameSync(aside, resultsDir);
      }
    }
  }
}

/** The whole `npm test` pipeline; the main run's reports are moved aside and restored afterwards. */
function runFull(reportsDir, run) {
  const resultsDirs = [root, ...workspaceDirs].map((dir) => join(dir, ".test-results"));
  const aside = join(cacheDir, "main-run-reports");
  rmSync(aside, { recursive: true, force: true });
  resultsDirs.forEach((dir, index) => {
    if (existsSync(dir)) {
      mkdirSync(aside, { recursive: true });
      cpSync(dir, join(aside, String(index)), { recursive: true, preserveTimestamps: true });
    }
  });
  try {
    run("npm test", "npm", ["test"]);
    return countReports(resultsDirs);
  } finally {
    resultsDirs.forEach((dir, index) => {
      // This version's reports stay readable in reportsDir; the main run's go back where npm test reads them.
      if (existsSync(dir)) {
        const name = relative(root, join(dir, "..")).replaceAll("/", "-") || "root";
        for (const file of readdirSync(dir)) {
          cpSync(join(dir, file), join(reportsDir, `${name}--${file}`), { recursive: true });
        }
      }
      rmSync(dir, { recursive: true, force: true });
      const saved = join(aside, String(index));
      if (existsSync(saved)) renameSync(saved, dir);
    });
    rmSync(aside, { recursive: true, force: true });
  }
}

function countReports(dirs) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of dirs.filter((candidate) => existsSync(candidate))) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
      const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
      counts.passed += report.numPassedTests ?? 0;
      counts.failed += report.numFailedTests ?? 0;
      counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    }
  }
  return counts;
}
