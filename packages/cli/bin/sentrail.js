#!/usr/bin/env node
// The `sentrail` command. A committed file (not dist/) so npm links the bin even in a fresh clone of
// the monorepo before anything is built; the root `prepare` script builds dist/ on install.
import module from "node:module";

// Node ≥ 22.1 keeps compiled code on disk between runs (faster later starts); older Node has no
// `enableCompileCache`, and a cache that cannot be written (read-only tmp) must not stop the command.
try {
  module.enableCompileCache?.();
} catch {
  // Start without the cache.
}
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    console.error("sentrail: dist/cli.js is missing; run `npm run build` first");
    process.exit(1);
  }
  throw error;
});
