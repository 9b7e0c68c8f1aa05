#!/usr/bin/env node
// Part of `npm test` (the package checks): what each published package's tarball holds, read from
// `npm pack --dry-run --json`, and the manifest fields a registry page and a consumer rely on. publint
// and attw check the exports; this catches a file missing from `files` (LICENSE, a bin launcher) and a
// manifest without repository, homepage, bugs or keywords. Exits 1 and names every problem.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packagesDir = join(root, "packages");
const problems = [];
let checked = 0;

for (const name of readdirSync(packagesDir)) {
  const dir = join(packagesDir, name);
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.private) continue;
  checked++;
  const where = manifest.name;
  for (const field of ["license", "repository", "homepage", "bugs", "keywords", "description", "engines"]) {
    if (manifest[field] === undefined) problems.push(`${where}: package.json has no "${field}"`);
  }
  const packed = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: dir,
    encoding: "utf8",
  });
  if (packed.status !== 0) {
    problems.push(`${where}: npm pack --dry-run failed: ${packed.stderr.trim().split("\n").at(-1)}`);
    continue;
  }
  const files = new Set(JSON.parse(packed.stdout)[0].files.map((file) => file.path));
  const required = ["LICENSE", "README.md", "package.json"];
  for (const bin of Object.values(
    typeof manifest.bin === "string" ? { [name]: manifest.bin } : (manifest.bin ?? {}),
  )) {
    required.push(bin.replace(/^\.\//, ""));
  }
  for (const target of collectExportTargets(manifest.exports)) required.push(target.replace(/^\.\//, ""));
  for (const file of required) {
    if (!files.has(file)) problems.push(`${where}: the tarball lacks ${file}`);
  }
}

if (checked === 0) problems.push("no published package found");
for (const problem of problems) console.error(`✖ ${problem}`);
console.log(`package contents: ${checked} published packages checked, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);

/** Every file an `exports` map points at (types and code, every condition). */
function collectExportTargets(exportsField) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === "string") {
      if (value.startsWith("./") && !value.endsWith("package.json")) targets.push(value);
    } else if (value && typeof value === "object") {
      for (const inner of Object.values(value)) walk(inner);
    }
  };
  walk(exportsField);
  return targets;
}
