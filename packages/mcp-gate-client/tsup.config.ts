import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: ESM and CommonJS, the MCP SDK and @sentrail/client stay external (peer / dependency).
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "node",
    treeshake: true,
    external: ["@modelcontextprotocol/sdk", "@sentrail/client"],
  },
  {
    // The sentrail-mcp-bridge command: ESM only, with its shebang kept by tsup.
    entry: { "bridge-cli": "src/bridge-cli.ts" },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "es2022",
    platform: "node",
    external: ["@modelcontextprotocol/sdk", "@sentrail/client"],
  },
]);
