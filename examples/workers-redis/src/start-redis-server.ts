import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway `redis-server` on 127.0.0.1, with nothing written to disk. */
export interface RunningRedisServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts Debian's `redis-server` on a free loopback port in a temporary directory (Redis has no
 * `--port 0`: a free port is found by binding a socket to port 0 and closing it).
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * try { ... } finally { await redis.close(); }
 * ```
 */
export async function startRedisServer(): Promise<RunningRedisServer> {
  const directory = await mkdtemp(join(tmpdir(), "sentrail-example-redis-"));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await findFreePort();
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
      { stdio: "ignore" },
    );
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    if (await becomesReady(child, port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        async close() {
          process.removeListener("exit", killOnExit);
          if (child.exitCode === null && child.signalCode === null) {
            await new Promise((resolve) => {
              child.once("exit", resolve);
              child.kill("SIGTERM");
            });
          }
          await rm(directory, { recursive: true, force: true });
        },
      };
    }
    process.removeListener("exit", killOnExit);
    child.kill("SIGKILL");
  }
  await rm(directory, { recursive: true, force: true });
  throw new Error("redis-server did not start (is it installed? apt-get install redis-server)");
}

async function becomesReady(child: ChildProcess, port: number): Promise<boolean> {
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  child.once("error", () => {
    exited = true;
  });
  for (let attempt = 0; attempt < 200 && !exited; attempt++) {
    if (await answersPing(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let answer = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString("utf8");
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
  });
}
