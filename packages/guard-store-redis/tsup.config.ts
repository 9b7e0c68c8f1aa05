import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  // Node only: the store hashes its script with node:crypto, and node-redis runs on Node.
  platform: "node",
  treeshake: true,
  // The client is the user's copy (the store must extend their SentrailError family); redis is a peer.
  external: ["@sentrail/client", "redis"],
});
