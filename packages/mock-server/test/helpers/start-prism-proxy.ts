import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** A running `prism proxy` in front of the mock. */
export interface PrismProxy {
  /** `http://127.0.0.1:<port>`: send `/evaluate-action` etc. here (no `/functions/v1`). */
  origin: string;
  /** Everything Prism printed, for the final check that it logged no response violation. */
  output: string[];
  close(): Promise<void>;
}

/** A free loopback port (a listener on port 0, closed again). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `prism proxy <spec> <upstream> --port <free> --host 127.0.0.1 [--errors]` from the installed
 * `@stoplight/prism-cli`, and resolves once it listens (Prism needs a few seconds to read the spec).
 *
 * With `errors`, Prism answers any request or response that breaks the spec with its own error
 * (`application/problem+json`, 422 / 500 / 401) instead of forwarding it; without, it forwards
 * everything and reports violations in the `sl-violations` header and its log.
 *
 * Fails when Prism exits or does not listen within `timeoutMs`.
 *
 * @example
 * const prism = await startPrismProxy(specPath, `${server.baseUrl}`, { errors: true });
 */
export async function startPrismProxy(
  specPath: string,
  upstream: string,
  options: { errors: boolean; timeoutMs?: number },
): Promise<PrismProxy> {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve("@stoplight/prism-cli/package.json");
  const packageJson = JSON.parse(readFileSync(packageJsonPath, "utf8")) as {
    bin: string | Record<string, string>;
  };
  const binRelative = typeof packageJson.bin === "string" ? packageJson.bin : (packageJson.bin.prism ?? "");
  const bin = join(dirname(packageJsonPath), binRelative);
  const port = await findFreePort();
  const args = [bin, "proxy", specPath, upstream, "--port", String(port), "--host", "127.0.0.1"];
  if (options.errors) args.push("--errors");
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  const output: string[] = [];
  const onData = (chunk: Buffer) => output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(`Prism did not start within ${options.timeoutMs ?? 60_000} ms:\n${output.join("\n")}`),
      );
    }, options.timeoutMs ?? 60_000);
    const check = () => {
      if (output.some((line) => line.includes("Prism is listening"))) {
        cleanup();
        resolve();
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`Prism exited before listening:\n${output.join("\n")}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", check);
    child.once("exit", onExit);
  });

  return {
    origin: `http://127.0.0.1:${port}`,
    output,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
