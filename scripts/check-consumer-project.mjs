#!/usr/bin/env node
// Part of `npm test` (after the package checks; `npm run test:consumer` alone): a consumer project outside
// the monorepo, installed from the packed tarballs, type-checks and runs. This is the test that catches a
// file missing from `files`, an `exports` entry pointing nowhere, or a dependency only the monorepo's
// hoisting provided.
//
//   1. `npm pack` every published workspace (built dist/ required) into a temp folder;
//   2. two fresh projects in os.tmpdir(), copied from test/consumer/: `main` (every tarball, ai 6,
//      langchain 1, the MCP SDK) and `ai7` (ai 7 as `ai`, as an AI SDK 7 user has it), third-party
//      packages at the exact versions of this repo's package-lock.json, `npm install --ignore-scripts`;
//   3. tsc under `moduleResolution: "bundler"`, `"node16"` (ESM, plus a `.cts` with `import = require`)
//      and a checkJs `.cjs` that uses plain require(), over every exported subpath;
//   4. the compiled scripts run against the tarball's mock, in process and as the spawned `sentrail-mock`
//      command (loopback only: a preload refuses any other socket); ai 7 runs on the pinned Node 22.
//
// Each step is one test in .test-results/consumer-project.json (counted by run-test-pipeline.mjs). A run
// whose tarballs, fixtures and script hash like the last passing run's re-emits that report at once.
// Flags: --force (ignore that cache), --keep (keep the temp projects and print where they are).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureNodeBinary, pinnedNodeVersions } from "./ensure-node-binary.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const fixtures = join(root, "test", "consumer");
const cacheDir = join(root, "node_modules", ".cache", "sentrail-consumer");
const cacheFile = join(cacheDir, "last-pass.json");
const reportFile = join(root, ".test-results", "consumer-project.json");
const force = process.argv.includes("--force");
const keep = process.argv.includes("--keep");
const started = Date.now();

/** Third-party packages of each consumer, at the versions this repo's lockfile pins. */
const thirdParty = {
  main: {
    dependencies: [
      "ai",
      "zod",
      "langchain",
      "@langchain/core",
      "@langchain/langgraph",
      "msw",
      "@modelcontextprotocol/sdk",
      "redis",
    ],
    devDependencies: ["typescript", "@types/node"],
  },
  ai7: {
    dependencies: [["ai", "ai-v7"], "zod", "msw"],
    devDependencies: ["typescript", "@types/node"],
  },
};
/** The tarballs each consumer installs (`main`: all of them). */
const ai7Packages = ["@sentrail/client", "@sentrail/ai-sdk-middleware", "@sentrail/mock-server"];

// 1. The published workspaces, built.
const rootManifest = readJson(join(root, "package.json"));
const published = rootManifest.workspaces
  .flatMap((pattern) => {
    const parent = join(root, pattern.replace(/\/\*$/, ""));
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
  })
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: readJson(join(dir, "package.json")) }))
  .filter(({ manifest }) => !manifest.private);
const unbuilt = published.filter(({ dir }) => !existsSync(join(dir, "dist")));
if (unbuilt.length > 0) {
  fail(`no dist/ in ${unbuilt.map(({ manifest }) => manifest.name).join(", ")}: run \`npm run build\` first`);
}

const lock = readJson(join(root, "package-lock.json")).packages;
const pinned = (installName) => {
  const version = lock[`node_modules/${installName}`]?.version;
  if (!version) fail(`package-lock.json has no node_modules/${installName}`);
  return version;
};

/** Process groups of the steps running now: stopped with this script, however it ends. */
const running = new Set();
const stopRunning = () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
  }
};
const work = mkdtempSync(join(tmpdir(), "sentrail-consumer-"));
process.on("exit", () => {
  stopRunning();
  // Deleting two node_modules trees takes seconds to a minute on a busy disk: not on this run's clock.
  if (!keep) spawn("rm", ["-rf", work], { detached: true, stdio: "ignore" }).unref();
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(1));
const tarballDir = join(work, "tarballs");
mkdirSync(tarballDir);
const packed = spawnSync(
  "npm",
  [
    "pack",
    "--json",
    "--ignore-scripts",
    "--pack-destination",
    tarballDir,
    ...published.flatMap(({ manifest }) => ["-w", manifest.name]),
  ],
  { cwd: root, encoding: "utf8", env: cleanNpmEnv() },
);
if (packed.status !== 0) fail(`npm pack failed:\n${packed.stdout}${packed.stderr}`);
/** package name → tarball file name */
const tarballs = Object.fromEntries(JSON.parse(packed.stdout).map((entry) => [entry.name, entry.filename]));
for (const { manifest } of published) {
  if (!tarballs[manifest.name]) fail(`npm pack produced no tarball for ${manifest.name}`);
}

// The cache key: what was packed, what the consumer is, and how it is checked (each part hashed, so a
// rerun can say what changed).
const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const manifests = { main: consumerManifest("main"), ai7: consumerManifest("ai7") };
const parts = {
  ...Object.fromEntries(
    Object.keys(tarballs).map((name) => [
      `tarball ${name}`,
      sha256(readFileSync(join(tarballDir, tarballs[name]))),
    ]),
  ),
  ...Object.fromEntries(
    listFiles(fixtures).map((file) => [relative(root, file), sha256(readFileSync(file))]),
  ),
  [relative(root, fileURLToPath(import.meta.url))]: sha256(readFileSync(fileURLToPath(import.meta.url))),
  "consumer package.json": sha256(JSON.stringify(manifests)),
  "Node.js": `${process.versions.node.split(".")[0]}, ai 7 on ${pinnedNodeVersions[22]}`,
};
const digest = sha256(JSON.stringify(Object.entries(parts).sort()));

if (existsSync(cacheFile)) {
  const last = readJson(cacheFile);
  if (!force && last.hash === digest && last.report?.numFailedTests === 0) {
    writeReport(last.report);
    console.log(
      `consumer project: unchanged since the last passing run (${last.report.numPassedTests} checks, ` +
        `${digest.slice(0, 12)}); --force reruns it`,
    );
    process.exit(0);
  }
  const changed = Object.keys({ ...parts, ...last.parts }).filter((key) => parts[key] !== last.parts?.[key]);
  if (!force) console.log(`consumer project: changed since the last passing run: ${changed.join(", ")}`);
}

// 2. The consumer projects.
for (const project of ["main", "ai7"]) {
  cpSync(join(fixtures, project), join(work, project), { recursive: true });
  writeFileSync(join(work, project, "package.json"), `${JSON.stringify(manifests[project], null, 2)}\n`);
}
cpSync(join(fixtures, "loopback-only.mjs"), join(work, "loopback-only.mjs"));
const node22 = ensureNodeBinary(22);
const loopbackOnly = `--import=${pathToFileURL(join(work, "loopback-only.mjs")).href}`;

const tsc = (project, config) => ({
  cwd: join(work, project),
  command: process.execPath,
  args: [join(work, project, "node_modules", "typescript", "bin", "tsc"), "-p", config],
});
const run = (project, args, command = process.execPath) => ({
  cwd: join(work, project),
  command,
  args,
  env: { ...process.env, NODE_OPTIONS: loopbackOnly },
  showOutput: true,
});
const install = (project) => ({
  cwd: join(work, project),
  command: "npm",
  args: ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
  env: cleanNpmEnv(),
  after: () => checkInstalledFromTarballs(project),
});

const mainVersion = (name) => published.find(({ manifest }) => manifest.name === name).manifest.version;
/**
 * Chains run side by side, the steps of a chain in order. A step runs when the steps it `needs` passed
 * (by default its chain's install): one failing check does not hide the others.
 */
const chains = [
  [
    ["install", "every tarball, ai 6, langchain 1, MCP SDK", install("main")],
    [
      "typecheck-bundler",
      "every entry point, moduleResolution bundler",
      tsc("main", "tsconfig.bundler.json"),
    ],
    ["typecheck-node16", "ESM and a .cts (import = require), node16", tsc("main", "tsconfig.node16.json")],
    ["typecheck-cjs", "plain require() in a checkJs .cjs", tsc("main", "tsconfig.cjs.json")],
    ["run-esm", "client, admin, webhooks, the mock's three entry points", run("main", ["out/run-esm.js"])],
    ["run-cjs", "require() of every entry point; MSW and sentrail-mock", run("main", ["src/run-cjs.cjs"])],
    ["run-cts", "the compiled import = require module loads", run("main", ["out/every-entry-point.cjs"])],
    ["run-ai6", "withSentrail under generateText (ai 6, Node 20)", run("main", ["out/run-ai-sdk.js"])],
    ["run-langchain", "createAgent middleware, wrapToolWithSentrail", run("main", ["out/run-langchain.js"])],
    ["run-mcp", "connectMcpGate to sentrail-mock's mcp-gate", run("main", ["out/run-mcp.js"])],
    ["run-bins", "sentrail and sentrail-mock --version", run("main", ["-e", binsScript()])],
  ],
  [
    ["install-ai7", "ai 7 as `ai`", install("ai7")],
    ["typecheck-ai7-bundler", "tsc on Node 20", tsc("ai7", "tsconfig.bundler.json")],
    ["typecheck-ai7-node16", "tsc on Node 20", tsc("ai7", "tsconfig.node16.json")],
    [
      "run-ai7",
      "gate + toolApproval under generateText (ai 7, Node 22)",
      run("ai7", ["out/run-ai7.js"], node22),
    ],
    [
      "typecheck-declarations",
      "the packages' own .d.ts/.d.cts without skipLibCheck",
      { ...tsc("main", "tsconfig.declarations.json"), needs: ["install"], judge: ownDeclarationErrors },
    ],
  ],
];

console.log(
  `consumer project: ${Object.keys(tarballs).length} tarballs packed, projects in ${work}` +
    ` (pack ${seconds(started)}s)`,
);
/** step id → whether it passed (a promise), for steps that need a step of another chain */
const settled = new Map();
const settlers = new Map();
for (const [id] of chains.flat()) {
  settled.set(id, new Promise((resolve) => settlers.set(id, resolve)));
}
const results = (await Promise.all(chains.map(runChain))).flat();
const failed = results.filter((result) => !result.ok);
const report = {
  numTotalTests: results.length,
  numPassedTests: results.length - failed.length,
  numFailedTests: failed.length,
  numPendingTests: 0,
  numTodoTests: 0,
  success: failed.length === 0,
  startTime: started,
  testResults: [
    {
      name: "scripts/check-consumer-project.mjs",
      status: failed.length === 0 ? "passed" : "failed",
      assertionResults: results.map((result) => ({
        title: result.name,
        fullName: `consumer project ${result.name}`,
        status: result.ok ? "passed" : "failed",
        duration: result.ms,
      })),
    },
  ],
};
writeReport(report);
if (failed.length === 0) {
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, `${JSON.stringify({ hash: digest, parts, report }, null, 2)}\n`);
}
console.log(
  `consumer project: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${seconds(started)}s)` +
    (keep ? `; kept in ${work}` : ""),
);
process.exit(failed.length === 0 ? 0 : 1);

/** Runs a chain's steps in order; a step whose `needs` failed is reported failed without running. */
async function runChain(chain) {
  const out = [];
  for (const [id, what, step] of chain) {
    const name = `${id}: ${what}`;
    const settle = settlers.get(id);
    const needs = step.needs ?? (id === chain[0][0] ? [] : [chain[0][0]]);
    const failedNeeds = [];
    for (const need of needs) if (!(await settled.get(need))) failedNeeds.push(need);
    if (failedNeeds.length > 0) {
      out.push({ name, ok: false, ms: 0 });
      console.error(`✖ ${name}: not run (${failedNeeds.join(", ")} failed)`);
      settle(false);
      continue;
    }
    const result = await runStep(name, step);
    out.push(result);
    settle(result.ok);
  }
  return out;
}

function runStep(name, { cwd, command, args, env = process.env, showOutput = false, after, judge }) {
  const begun = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child.pid);
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += "\n(timed out after 240 s)";
      process.kill(-child.pid, "SIGKILL");
    }, 240_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child.pid);
      let ok = code === 0;
      if (judge) {
        const verdict = judge(code, output);
        ok = verdict.ok;
        output = verdict.output;
      }
      if (ok && after) {
        const problem = after();
        if (problem) {
          ok = false;
          output += `\n${problem}`;
        }
      }
      const ms = Date.now() - begun;
      const shown = [command === process.execPath ? "node" : command, ...args].join(" ");
      if (ok) {
        console.log(`✔ ${name} (${(ms / 1000).toFixed(1)}s)`);
        if (showOutput && output.trim()) console.log(output.trimEnd());
      } else {
        console.error(
          `✖ ${name} (${(ms / 1000).toFixed(1)}s): \`${shown}\` in ${cwd} exited ${code ?? signal}`,
        );
        console.error(output.trimEnd());
      }
      resolve({ name, ok, ms });
    });
  });
}

/** The consumer's package.json: tarballs by file: path (and as overrides, so no copy comes from a registry). */
function consumerManifest(project) {
  const names = project === "main" ? Object.keys(tarballs) : ai7Packages;
  const own = Object.fromEntries(names.map((name) => [name, `file:../tarballs/${tarballs[name]}`]));
  const versions = (list) =>
    Object.fromEntries(
      list.map((entry) => {
        const [name, installName] = Array.isArray(entry) ? entry : [entry, entry];
        return [name, pinned(installName)];
      }),
    );
  return {
    name: `sentrail-consumer-${project}`,
    version: "0.0.0",
    private: true,
    type: "module",
    dependencies: { ...own, ...versions(thirdParty[project].dependencies) },
    devDependencies: versions(thirdParty[project].devDependencies),
    overrides: Object.fromEntries(names.map((name) => [name, `$${name}`])),
  };
}

/**
 * tsc without skipLibCheck also reports third-party declaration problems (msw's and @langchain/core's
 * CommonJS types importing ESM-only packages): only errors in our packages' files or the fixtures count.
 */
function ownDeclarationErrors(code, output) {
  const errors = output.split("\n").filter((line) => /^\S.*\(\d+,\d+\): error TS/.test(line));
  const thirdParty = (line) =>
    line.startsWith("node_modules/") && !/^node_modules\/(@sentrail\/|sentrail\/)/.test(line);
  const own = errors.filter((line) => !thirdParty(line));
  const ignored = errors.length - own.length;
  if (code !== 0 && errors.length === 0) return { ok: false, output };
  return {
    ok: own.length === 0,
    output:
      own.length === 0
        ? `${ignored} third-party declaration error(s) ignored`
        : `${own.join("\n")}\n(${ignored} third-party declaration error(s) not shown)`,
  };
}

/** Every Sentrail package in the installed tree came from a tarball, none from a registry. */
function checkInstalledFromTarballs(project) {
  const installed = readJson(join(work, project, "package-lock.json")).packages;
  const sentrailNames = new Set(Object.keys(tarballs));
  const wrong = Object.entries(installed).filter(([path, entry]) => {
    const name = entry.name ?? path.split("node_modules/").at(-1);
    return sentrailNames.has(name) && !String(entry.resolved ?? "").startsWith("file:");
  });
  return wrong.length === 0
    ? null
    : `not installed from the tarballs: ${wrong.map(([path, entry]) => `${path} (${entry.resolved})`).join(", ")}`;
}

function binsScript() {
  const expected = {
    sentrail: mainVersion("sentrail"),
    "sentrail-mock": mainVersion("@sentrail/mock-server"),
  };
  return `
const { execFileSync } = require("node:child_process");
for (const [bin, version] of Object.entries(${JSON.stringify(expected)})) {
  const printed = execFileSync("node_modules/.bin/" + bin, ["--version"], { encoding: "utf8" }).trim();
  if (printed !== version) throw new Error(bin + " --version printed " + printed + ", expected " + version);
}`;
}

/** The environment for a nested npm: without the variables `npm run` sets for this repository. */
function cleanNpmEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^npm_(lifecycle|package|config_(workspace|workspaces|include_workspace_root|local_prefix))/i.test(key)
    ) {
      continue;
    }
    if (key === "INIT_CWD" || key === "npm_command") continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: "false" };
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function writeReport(report) {
  mkdirSync(join(root, ".test-results"), { recursive: true });
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function fail(message) {
  console.error(`✖ consumer project: ${message}`);
  writeReport({ numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, success: false });
  process.exit(1);
}
