#!/usr/bin/env node
// Runs after `npm install` / `npm ci` at the root: builds @sentrail/mock-server so its `sentrail-mock`
// bin (bin/sentrail-mock.js, which loads dist/cli.js) works from a fresh clone: `npx sentrail-mock`. Turbo caches
// the build, so later installs, `npm start` and `npm test` reuse it.
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const result = spawnSync(
  "npx",
  ["turbo", "run", "build", "--filter=@sentrail/mock-server", "--output-logs=errors-only"],
  { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
process.exit(result.status ?? 1);
