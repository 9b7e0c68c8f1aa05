#!/usr/bin/env node
// The `sentrail` command. A committed file (not dist/) so npm links the bin even in a fresh clone of
// the monorepo before anything is built; the root `prepare` script builds dist/ on install.
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    console.error("sentrail: dist/cli.js is missing; run `npm run build` first");
    process.exit(1);
  }
  throw error;
});
