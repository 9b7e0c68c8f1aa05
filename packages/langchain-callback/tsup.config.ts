import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  treeshake: true,
  // Host frameworks are peers: the user's copy must be the one we extend (instanceof, middleware brand).
  external: ["@langchain/core", /^@langchain\/core\//, "langchain", /^langchain\//, "@sentrail/client"],
});
