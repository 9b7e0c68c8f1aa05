import { defineConfig } from "tsup";

export default defineConfig({
  // One entry: `npm start` (scripts/start.mjs) runs dist/run-demo.js with plain node. Dependencies stay
  // external: the demo must exercise the packages' own built entry points, as a user's app would.
  entry: { "run-demo": "src/run-demo.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  dts: false,
});
