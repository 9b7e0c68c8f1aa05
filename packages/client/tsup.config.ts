import { defineConfig } from "tsup";

export default defineConfig({
  // Three entry points: the agent client (main), the reviewer/admin client, the webhook helpers.
  entry: { index: "src/index.ts", admin: "src/admin.ts", webhooks: "src/webhooks.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  treeshake: true,
});
