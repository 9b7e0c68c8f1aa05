import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The real bin, as npm links it into the workspace's node_modules/.bin. */
export const SENTRAIL_BIN = fileURLToPath(new URL("../../../../node_modules/.bin/sentrail", import.meta.url));

/** What a finished `sentrail` run printed. */
export interface SentrailRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `sentrail` bin to completion with a clean environment (only PATH, HOME and what is
 * given), stdin piped (so never a terminal) and closed after `input`.
 *
 * @example
 * const run = await runSentrail(["status", "--json"], { HOME: home });
 */
export function runSentrail(args: string[], env: Record<string, string>, input = ""): Promise<SentrailRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(SENTRAIL_BIN, args, {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
