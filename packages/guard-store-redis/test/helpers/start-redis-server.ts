import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A `redis-server` process started by a test, on 127.0.0.1 only, in a temporary directory. */
export interface RunningRedisServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the process (SIGTERM; with persistence, Redis writes its append-only file first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory (after `stop`): a restart. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /**
   * `none` (default): nothing is written to disk, a restart loses every key. `append_only`: every write
   * is fsynced to the append-only file, so keys survive a restart.
   */
  persistence?: "none" | "append_only";
}

/**
 * Starts a real `redis-server` (Debian's `redis-server` package; `.ci/run` installs it) on a free
 * loopback port. Redis has no `--port 0`, so a port is found by binding a socket to port 0 and closing
 * it; if another process takes the port in between, the start is retried on a new one.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * afterAll(() => redis.close());
 * ```
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RunningRedisServer> {
  const directory = await mkdtemp(join(tmpdir(), "sentrail-redis-"));
  const persistence = options.persistence ?? "none";
  let child: ChildProcess | undefined;
  let port = 0;

  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--save", ""];
    args.push("--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning");
    if (persistence === "append_only") args.push("--appendonly", "yes", "--appendfsync", "always");
    else args.push("--appendonly", "no");
    const started = spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
    let exited = false;
    started.once("exit", () => {
      exited = true;
    });
    child = started;
    for (let attempt = 0; attempt < 200; attempt++) {
      if (exited) throw new Error(`redis-server exited at start (port ${port})`);
      if (await answersPing(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    started.kill("SIGKILL");
    throw new Error(`redis-server did not answer PING on port ${port}`);
  };

  // A test process that dies without its afterAll must not leave a redis-server behind.
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);
  for (let attempt = 0; ; attempt++) {
    port = await findFreePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 4) {
        process.removeListener("exit", killOnExit);
        await rm(directory, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => running.kill("SIGKILL"), 10_000);
      running.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      running.kill("SIGTERM");
    });
  };

  return {
    host: "127.0.0.1",
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      // The port was ours a moment ago; the restart keeps it so connected clients reconnect to it.
      await launch();
    },
    async close() {
      await stop();
      process.removeListener("exit", killOnExit);
      await rm(directory, { recursive: true, force: true });
    },
  };
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
