import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const clientSource = (file: string) => fileURLToPath(new URL(`../client/src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // The reviewer page's browser tests drive the server the way an agent does, with @sentrail/client's
    // guard, from source: this package cannot depend on @sentrail/client (it devDepends on this one).
    alias: [
      { find: /^@sentrail\/client$/, replacement: clientSource("index.ts") },
      { find: /^@sentrail\/client\/admin$/, replacement: clientSource("admin.ts") },
    ],
  },
  test: {
    // `test/browser/*.browser.test.ts` drive the reviewer page in Chromium (playwright-core).
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".test-results/mock-server.json" }]],
    // Integration suites start real loopback servers (and Prism); unit tests finish far sooner.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
