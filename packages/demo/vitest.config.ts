import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The integration test runs the whole story (a scripted reviewer waits a few seconds twice).
    testTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: ".test-results/demo.json" }]],
  },
});
