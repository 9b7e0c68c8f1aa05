#!/usr/bin/env node
// `npm run bench` in packages/mock-server: runs every `bench/*.bench.{ts,mjs,js}` file in turn, each in
// its own Node process (with --expose-gc, and tsx for TypeScript files), and stops with a non-zero exit
// code if one of them fails. Benchmarks print (and record in .bench-results/); they never assert
// timings. Pass words to run only the files whose names contain one of them:
//   npm run bench -- engine
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => /\.bench\.(ts|mjs|js)$/.test(name))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(
    `No benchmark files in ${benchDir}${filters.length ? ` matching ${filters.join(", ")}` : ""}`,
  );
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const loader = file.endsWith(".ts") ? ["--import", "tsx"] : [];
  const result = spawnSync(process.execPath, ["--expose-gc", ...loader, join(benchDir, file)], {
    cwd: join(benchDir, ".."),
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    console.error(`✖ ${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
