import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { RedisGuardWorkerOptions } from "./redis-guard-worker";

const WORKER = fileURLToPath(new URL("./redis-guard-worker.ts", import.meta.url));

/** A worker's printed outcome. */
export type WorkerOutcome = Record<string, unknown> & { status: string; resume?: unknown };

/** Worker processes started together on one call, and what they reported. */
export interface RedisWorkers {
  readonly processes: ChildProcess[];
  /** Each worker's outcome (its last stdout line, parsed), in start order; rejects if one exits non-zero. */
  outcomes(): Promise<WorkerOutcome[]>;
  /** The outcomes of some of the workers (those still expected to finish). */
  outcomesOf(children: ChildProcess[]): Promise<WorkerOutcome[]>;
  /** The pids that started `execute`, in order. */
  executions(): Promise<string[]>;
  /** SIGKILLs every worker still running. */
  kill(): void;
}

/**
 * Starts `count` worker processes ({@link RedisGuardWorkerOptions}) with one shared start time a moment
 * ahead, so they race on the same call. Every process is killed by `kill()` (tests call it in `finally`).
 *
 * @example
 * ```ts
 * const workers = startRedisWorkers(4, options);
 * try { expect(await workers.executions()).toHaveLength(1); } finally { workers.kill(); }
 * ```
 */
export function startRedisWorkers(
  count: number,
  options: Omit<RedisGuardWorkerOptions, "startAt">,
): RedisWorkers {
  const startAt = Date.now() + 1_500;
  const processes = Array.from({ length: count }, () =>
    spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify({ ...options, startAt })], {
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const finished = processes.map(
    (child) =>
      new Promise<WorkerOutcome>((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stdout?.on("data", (chunk) => {
          stdout += chunk;
        });
        child.stderr?.on("data", (chunk) => {
          stderr += chunk;
        });
        child.once("exit", (code, signal) => {
          const line = stdout.trim().split("\n").at(-1);
          if (code === 0 && line) resolve(JSON.parse(line));
          else reject(new Error(`worker ${child.pid} exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
        });
      }),
  );
  for (const promise of finished) promise.catch(() => undefined);
  return {
    processes,
    outcomes: () => Promise.all(finished),
    outcomesOf: (children) =>
      Promise.all(
        children.map(
          (child) =>
            finished[processes.indexOf(child as (typeof processes)[number])] as Promise<WorkerOutcome>,
        ),
      ),
    executions: async () =>
      (await readFile(options.executionsFile, "utf8").catch(() => ""))
        .split("\n")
        .filter((line) => line !== ""),
    kill() {
      for (const child of processes) {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    },
  };
}
