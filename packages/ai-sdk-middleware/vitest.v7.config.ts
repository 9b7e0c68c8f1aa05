import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// The same tests against AI SDK 7: `ai` and `ai/test` resolve to the `ai-v7` devDependency (npm:ai@7).
const v7 = dirname(createRequire(import.meta.url).resolve("ai-v7/package.json"));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^ai\/test$/, replacement: join(v7, "dist/test/index.js") },
      { find: /^ai$/, replacement: join(v7, "dist/index.js") },
    ],
  },
  test: {
    env: { SENTRAIL_AI_SDK_MAJOR: "7" },
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // AI SDK 6-only tests run under vitest.config.ts.
    exclude: [...configDefaults.exclude, "test/**/*-ai6.*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".test-results/ai-sdk-middleware-v7.json" }]],
  },
});
