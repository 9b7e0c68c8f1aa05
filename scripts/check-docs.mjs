#!/usr/bin/env node
// The docs test: every snippet a user may paste must work as written.
// - Each ```ts / ```typescript block of README.md, docs/*.md, packages/*/README.md and examples/*/README.md
//   becomes one module in .docs-check/snippets/ (gitignored, inside the repo so the workspace packages
//   resolve from their built dist/, as a consumer's bundler would), and `tsc` type-checks them all
//   against tsconfig.base.json (blocks marked ```ts ai@7 in a second, parallel run with `ai` resolved to
//   ai@7). Failures print as README path:line.
// - Shell blocks (sh, bash, shell, console): every `npm run|test|start <script>`, `-w <workspace>` and
//   `npx <bin>` must name a script, workspace or bin that exists (a static check; nothing is run).
// A block opts out only with a marker and a reason on its fence line: ```ts no-check: <why>.
// Names a snippet uses but that belong to the reader's application (their tools, their logger) are
// declared in scripts/check-docs-prelude.ts; the SDKs' own names are always imported by the snippet.
// Needs the build. Writes .test-results/docs-check.json (vitest's shape: one test per block) and exits 1
// when any block fails.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workDir = join(root, ".docs-check");
const reportDir = join(root, ".test-results");
const started = Date.now();

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const workspaces = rootManifest.workspaces.flatMap((pattern) => {
  const parent = join(root, pattern.replace(/\/\*$/, ""));
  return existsSync(parent)
    ? readdirSync(parent)
        .map((name) => join(parent, name))
        .filter((dir) => existsSync(join(dir, "package.json")))
    : [];
});
const manifests = new Map(
  [root, ...workspaces].map((dir) => [dir, JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))]),
);
const workspaceByName = new Map(workspaces.map((dir) => [manifests.get(dir).name, dir]));

const markdownFiles = [
  "README.md",
  ...listMarkdown("docs", (name) => name.endsWith(".md")),
  ...listMarkdown("packages", (name) => name === "README.md"),
  ...listMarkdown("examples", (name) => name === "README.md"),
];

const typescriptLanguages = new Set(["ts", "typescript"]);
const shellLanguages = new Set(["sh", "bash", "shell", "console", "zsh"]);
const blocks = markdownFiles.flatMap(readFencedBlocks);
/** @type {Map<string, string[]>} block id → failure lines */
const failures = new Map();
const fail = (block, message) => {
  const list = failures.get(block.id) ?? [];
  list.push(message);
  failures.set(block.id, list);
};

const optedOut = [];
const typescriptBlocks = [];
for (const block of blocks.filter((candidate) => typescriptLanguages.has(candidate.language))) {
  const marker = /(?:^|\s)no-check(?::?\s*(.*))?$/.exec(block.meta);
  if (!marker) typescriptBlocks.push(block);
  else if (marker[1]?.trim()) optedOut.push(block);
  else fail(block, `${block.id}: "no-check" needs a reason on the fence line (\`\`\`ts no-check: why)`);
}
await checkTypeScript(typescriptBlocks);
const shellBlocks = blocks.filter((candidate) => shellLanguages.has(candidate.language));
for (const block of shellBlocks) checkShell(block);

// One test per checked block; a failure outside any block (the prelude, tsc itself) counts as one more.
const checked = [...typescriptBlocks, ...shellBlocks];
const numPassedTests = checked.filter((block) => !failures.has(block.id)).length;
const numFailedTests = failures.size;
mkdirSync(reportDir, { recursive: true });
writeFileSync(
  join(reportDir, "docs-check.json"),
  `${JSON.stringify(
    {
      numTotalTests: numPassedTests + numFailedTests,
      numPassedTests,
      numFailedTests,
      numPendingTests: optedOut.length,
      success: numFailedTests === 0,
      testResults: [
        ...checked
          .filter((block) => !failures.has(block.id))
          .map((block) => ({ name: block.id, status: "passed" })),
        ...[...failures].map(([name, messages]) => ({
          name,
          status: "failed",
          message: messages.join("\n"),
        })),
      ],
    },
    null,
    2,
  )}\n`,
);

for (const messages of failures.values()) for (const message of messages) console.error(message);
for (const block of optedOut)
  console.log(`opted out: ${block.id} (${block.meta.replace(/^.*no-check:?\s*/, "")})`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `docs: ${typescriptBlocks.length} TypeScript and ${shellBlocks.length} shell blocks from ${markdownFiles.length} files, ` +
    `${numPassedTests} passed, ${numFailedTests} failed${optedOut.length ? `, ${optedOut.length} opted out` : ""} (${seconds}s)`,
);
process.exit(numFailedTests === 0 ? 0 : 1);

function listMarkdown(folder, keep) {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  if (folder === "docs")
    return readdirSync(dir)
      .filter(keep)
      .map((name) => `${folder}/${name}`);
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, "README.md")))
    .map((name) => `${folder}/${name}/README.md`)
    .filter((path) => keep(path.split("/").at(-1)));
}

/** Fenced blocks (``` or ~~~, any indent) with their language, the rest of the info string and lines. */
function readFencedBlocks(file) {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const found = [];
  let open;
  lines.forEach((line, index) => {
    const fence = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(line);
    if (!open) {
      if (!fence) return;
      const [language = "", ...meta] = fence[3].trim().split(/\s+/);
      open = {
        file,
        fenceLine: index + 1,
        indent: fence[1].length,
        fence: fence[2],
        language,
        meta: meta.join(" "),
      };
      open.id = `${file}:${open.fenceLine}`;
      open.lines = [];
    } else if (fence?.[2].startsWith(open.fence) && fence[3].trim() === "") {
      found.push(open);
      open = undefined;
    } else {
      open.lines.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  });
  return found;
}

// A block marked ```ts ai@7 uses an AI SDK 7-only API: it is checked with `ai` resolved to the repository's
// ai-v7 alias (ai@7), everything else against the default `ai` (6). The two tsc runs go in parallel.
async function checkTypeScript(tsBlocks) {
  rmSync(workDir, { recursive: true, force: true });
  const byFile = new Map();
  const projects = [
    { dir: "snippets", config: "tsconfig.json", blocks: tsBlocks.filter((block) => !isAi7(block)) },
    {
      dir: "snippets-ai7",
      config: "tsconfig.ai7.json",
      blocks: tsBlocks.filter(isAi7),
      paths: { ai: ["../node_modules/ai-v7"], "ai/*": ["../node_modules/ai-v7/*"] },
    },
  ].filter((project) => project.blocks.length > 0);
  for (const project of projects) {
    mkdirSync(join(workDir, project.dir), { recursive: true });
    for (const block of project.blocks) {
      const name = `${block.file.replaceAll("/", "__").replace(/\.md$/, "")}-L${block.fenceLine}.ts`;
      byFile.set(`${project.dir}/${name}`, block);
      writeFileSync(join(workDir, project.dir, name), `${block.lines.join("\n")}\n`);
    }
    const compilerOptions = { noEmit: true, types: ["node"], skipLibCheck: true };
    if (project.paths) compilerOptions.paths = project.paths;
    const tsconfig = {
      extends: "../tsconfig.base.json",
      compilerOptions,
      include: [`${project.dir}/*.ts`, "../scripts/check-docs-prelude.ts"],
    };
    writeFileSync(join(workDir, project.config), `${JSON.stringify(tsconfig, null, 2)}\n`);
  }
  const runs = await Promise.all(projects.map((project) => runTsc(project.config)));
  for (const tsc of runs) readTscOutput(tsc, byFile);
}

function isAi7(block) {
  return block.meta.split(/\s+/).includes("ai@7");
}

function runTsc(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, "node_modules/.bin/tsc"), ["-p", config, "--pretty", "false"], {
      cwd: workDir,
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

function readTscOutput(tsc, byFile) {
  const output = tsc.output;
  let last;
  for (const line of output.split("\n")) {
    const diagnostic = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (diagnostic) {
      const [, path, lineNumber, column, message] = diagnostic;
      const block = byFile.get(path.replaceAll("\\", "/"));
      if (block) {
        last = { block, text: `${block.file}:${block.fenceLine + Number(lineNumber)}:${column}: ${message}` };
        fail(block, last.text);
      } else {
        last = undefined;
        fail(
          { id: `tsc ${relative(root, join(workDir, path))}` },
          `${relative(root, join(workDir, path))}(${lineNumber},${column}): ${message}`,
        );
      }
    } else if (line.startsWith(" ") && last) {
      failures.get(last.block.id).push(`  ${line.trim()}`);
    } else if (line.trim() && !diagnostic) {
      fail({ id: "tsc" }, `tsc: ${line}`);
    }
  }
  if (tsc.status !== 0 && failures.size === 0) fail({ id: "tsc" }, `tsc exited ${tsc.status}:\n${output}`);
}

/** Static check of the npm and npx commands a shell block tells the reader to run. */
function checkShell(block) {
  const packageDir = join(root, block.file, "..");
  const ownManifest = manifests.get(packageDir);
  const joined = block.lines.join("\n").replace(/\\\n/g, " ");
  joined.split("\n").forEach((rawLine, index) => {
    const line = rawLine.replace(/^\s*\$\s+/, "").replace(/(^|\s)#.*$/, "");
    const where = `${block.file}:${block.fenceLine + 1 + index}`;
    for (const segment of line.split(/&&|\|\||[;|()]/)) {
      const words = segment.trim().split(/\s+/).filter(Boolean);
      while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? "")) words.shift(); // VAR=value command
      if (words[0] === "npm") checkNpm(block, where, words.slice(1), ownManifest);
      if (words[0] === "npx") checkNpx(block, where, words.slice(1), packageDir);
    }
  });
}

function checkNpm(block, where, words, ownManifest) {
  const end = words.indexOf("--");
  const args = end === -1 ? words : words.slice(0, end);
  let workspace;
  const positional = [];
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    if (word === "-w" || word === "--workspace") workspace = args[++index];
    else if (word.startsWith("--workspace=")) workspace = word.slice("--workspace=".length);
    else if (!word.startsWith("-")) positional.push(word);
  }
  const [command, scriptArgument] = positional;
  let script;
  if (command === "run" || command === "run-script") script = scriptArgument;
  else if (["test", "t", "start", "stop", "restart"].includes(command))
    script = command === "t" ? "test" : command;
  else return; // install, exec, …: nothing in this repository to check
  if (!script) return fail(block, `${where}: "npm ${words.join(" ")}" names no script`);
  if (workspace) {
    const dir =
      workspaceByName.get(workspace) ??
      workspaces.find((candidate) => relative(root, candidate) === workspace);
    if (!dir) return fail(block, `${where}: no workspace "${workspace}"`);
    if (!manifests.get(dir).scripts?.[script])
      fail(block, `${where}: workspace ${workspace} has no "${script}" script`);
    return;
  }
  // Without -w: the README's own package, or the repository root ("from the repository root").
  const candidates = [ownManifest, manifests.get(root)].filter(Boolean);
  if (!candidates.some((manifest) => manifest.scripts?.[script]))
    fail(
      block,
      `${where}: no "${script}" script in ${ownManifest ? `${ownManifest.name} or ` : ""}the root package.json`,
    );
}

function checkNpx(block, where, words, packageDir) {
  let bin;
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === "-p" || word === "--package" || word.startsWith("--package=")) return; // installs its own package
    if (!word.startsWith("-")) {
      bin = word;
      break;
    }
  }
  if (!bin) return;
  const binDirs = [join(packageDir, "node_modules/.bin"), join(root, "node_modules/.bin")];
  const workspaceBins = [...manifests.values()].flatMap((manifest) =>
    typeof manifest.bin === "string" ? [manifest.name] : Object.keys(manifest.bin ?? {}),
  );
  if (!binDirs.some((dir) => existsSync(join(dir, bin))) && !workspaceBins.includes(bin))
    fail(block, `${where}: "npx ${bin}" names no installed or workspace bin`);
}
