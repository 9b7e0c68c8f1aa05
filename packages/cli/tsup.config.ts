import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

// One clean before both builds: per-build `clean` would race, since tsup runs them in parallel.
rmSync(new URL("./dist", import.meta.url), { recursive: true, force: true });

const shared: Options = {
  sourcemap: true,
  target: "es2022",
  platform: "node",
  treeshake: true,
  // Dependencies stay dependencies: npm installs them beside the CLI.
  external: [
    "@clack/prompts",
    "@modelcontextprotocol/sdk",
    "@sentrail/client",
    "@sentrail/mock-server",
    "commander",
    "msw",
    "picocolors",
    "shell-quote",
  ],
};

export default defineConfig([
  {
    // The library (`startInterceptor`, config, checks): ESM and CommonJS with types.
    ...shared,
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
  },
  {
    // The `sentrail` command, loaded by bin/sentrail.js.
    ...shared,
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
  },
]);
