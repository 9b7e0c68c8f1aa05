import { configDefaults, defineConfig } from "vitest/config";

// AI SDK 6 (the `ai` devDependency). `vitest.v7.config.ts` runs the same tests against AI SDK 7.
export default defineConfig({
  test: {
    env: { SENTRAIL_AI_SDK_MAJOR: "6" },
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // AI SDK 7-only tests run under vitest.v7.config.ts.
    exclude: [...configDefaults.exclude, "test/**/*-ai7.*.test.ts"],
    typecheck: { include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    reporters: ["default", ["json", { outputFile: ".test-results/ai-sdk-middleware.json" }]],
  },
});
