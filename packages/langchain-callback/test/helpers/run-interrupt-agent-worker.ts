import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { InterruptAgentWorkerOptions, InterruptAgentWorkerReport } from "./interrupt-agent-worker";

const WORKER = fileURLToPath(new URL("./interrupt-agent-worker.ts", import.meta.url));

/** The key of the Redis list every execution of the worker's tool appends its pid to. */
export const executionsKey = (keyPrefix: string) => `${keyPrefix}executions`;

/** Bounds one worker (tsx start, LangChain import, one agent step) so a hang fails the test instead. */
const WORKER_TIMEOUT_MS = 60_000;

/**
 * Runs one worker process ({@link InterruptAgentWorkerOptions}) to its end and resolves with its report
 * (its last stdout line). Rejects with the worker's stderr when it exits non-zero or prints nothing,
 * and SIGKILLs it when it runs longer than 60 s.
 *
 * @example
 * ```ts
 * const report = await runInterruptAgentWorker({ ...shared, threadId: "t1", step: { kind: "start" } });
 * ```
 */
export function runInterruptAgentWorker(
  options: InterruptAgentWorkerOptions,
): Promise<InterruptAgentWorkerReport> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), WORKER_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as InterruptAgentWorkerReport);
      else reject(new Error(`worker ${child.pid} exited with ${code ?? signal}: ${stderr.slice(-3000)}`));
    });
  });
}
