import { existsSync, readFileSync, rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

// `node.ts` and `cli.ts` are written alongside the core; until one exists, build what does.
const has = (file: string) => existsSync(new URL(file, import.meta.url));

// One clean before all builds: per-build `clean` would race, since tsup runs the builds below in parallel.
rmSync(new URL("./dist", import.meta.url), { recursive: true, force: true });

const shared: Options = {
  sourcemap: true,
  target: "es2022",
  treeshake: true,
  external: ["msw"],
};

const builds: Options[] = [
  {
    ...shared,
    // Runtime-neutral: engine, router and MSW handlers import no Node built-ins.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    platform: "neutral",
  },
  {
    ...shared,
    // The §6.5 shell classifier alone (`@sentrail/mock-server/shell`), for the `sentrail` CLI: no MSW,
    // no engine state, no Node built-ins.
    entry: { shell: "src/shell.ts" },
    format: ["esm", "cjs"],
    dts: true,
    platform: "neutral",
  },
];

if (has("./src/node.ts")) {
  builds.push({
    ...shared,
    entry: { node: "src/node.ts" },
    format: ["esm", "cjs"],
    dts: true,
    platform: "node",
  });
}

if (has("./src/cli.ts")) {
  // esbuild keeps a shebang the source already has; add one only when it is missing.
  const hasShebang = readFileSync(new URL("./src/cli.ts", import.meta.url), "utf8").startsWith("#!");
  builds.push({
    ...shared,
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    platform: "node",
    ...(hasShebang ? {} : { banner: { js: "#!/usr/bin/env node" } }),
  });
}

export default defineConfig(builds);
