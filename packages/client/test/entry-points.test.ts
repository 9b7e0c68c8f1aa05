import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe.each(["index", "admin", "webhooks"])("the %s entry point", (entry) => {
  it("bundles for browsers and edge runtimes without any Node built-in", async () => {
    const result = await build({
      entryPoints: [`${root}src/${entry}.ts`],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.startsWith("node:") || !/\.(m?js|ts)$/.test(input))).toEqual([]);
    for (const output of result.outputFiles) {
      expect(output.text).not.toMatch(/\bfrom\s*["']node:|require\(["']node:/);
    }
  });
});
