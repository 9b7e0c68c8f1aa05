#!/usr/bin/env node
// Runs after `npm install` / `npm ci` at the root: builds the packages with commands, so their bins work
// from a fresh clone: `npx sentrail-mock` (bin/sentrail-mock.js loads dist/cli.js) and
// `npx sentrail-mcp-bridge` (bin/sentrail-mcp-bridge.js loads dist/bridge-cli.js) and `npx sentrail`
// (packages/cli: bin/sentrail.js loads dist/cli.js). Turbo caches the
// builds, so later installs, `npm start` and `npm test` reuse them.
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const result = spawnSync(
  "npx",
  [
    "turbo",
    "run",
    "build",
    "--filter=@sentrail/mock-server",
    "--filter=@sentrail/mcp-gate-client",
    "--filter=sentrail",
    "--output-logs=errors-only",
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
process.exit(result.status ?? 1);
