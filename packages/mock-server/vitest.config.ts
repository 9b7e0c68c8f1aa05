import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".test-results/mock-server.json" }]],
    // Integration suites start real loopback servers (and Prism); unit tests finish far sooner.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
