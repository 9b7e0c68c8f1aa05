import { existsSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

// The reviewer page (`sentrail-mock` serves it at `/`): a Preact app bundled for the browser, served
// from `dist/reviewer/` by the node server. Preact is bundled in (a devDependency, not a runtime one).
// `@sentrail/client/admin` is bundled from the client's source: this package cannot depend on
// `@sentrail/client`, which devDepends on it (turbo would report a cycle).
if (has("./src/reviewer/main.tsx")) {
  builds.push({
    entry: { app: "src/reviewer/main.tsx" },
    outDir: "dist/reviewer",
    format: ["esm"],
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: false,
    dts: false,
    treeshake: true,
    // `index.html` and `app.css`: the static files, copied as they are.
    publicDir: "src/reviewer/public",
    // Everything is bundled: the page must load nothing beyond its own origin.
    noExternal: [/.*/],
    esbuildOptions(options) {
      options.jsx = "automatic";
      options.jsxImportSource = "preact";
      options.alias = {
        "@sentrail/client/admin": fileURLToPath(new URL("../client/src/admin.ts", import.meta.url)),
      };
    },
  });
}

export default defineConfig(builds);
