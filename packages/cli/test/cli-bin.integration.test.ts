import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type RunningMockServer, startMockServer } from "@sentrail/mock-server/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSentrail, SENTRAIL_BIN } from "./helpers/run-sentrail";
import { type HttpUpstream, startHttpUpstream } from "./helpers/start-http-upstream";
import { type SentrailFixture, startSentrailFixture } from "./helpers/start-sentrail-fixture";

const WORKSPACE_ID = "5e470000-0000-4000-8000-000000000001";

let home: string;
let sentrail: SentrailFixture;
let upstream: HttpUpstream;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sentrail = await startSentrailFixture();
  upstream = await startHttpUpstream();
});
afterAll(async () => {
  await upstream?.close();
  await sentrail?.close();
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "sentrail-home-"));
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("close", resolve));
    }
  }
  await rm(home, { recursive: true, force: true });
});

const configPath = () => join(home, ".sentrail", "config.json");
const readConfig = async () => JSON.parse(await readFile(configPath(), "utf8"));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function initWith(extra: string[] = []) {
  return runSentrail(
    [
      "init",
      "--api-key",
      sentrail.apiKey,
      "--workspace-id",
      sentrail.workspaceId,
      "--cloud-url",
      sentrail.baseUrl,
      ...extra,
    ],
    { HOME: home },
  );
}

/** Starts `sentrail start --json` and resolves with its URL once the ready line is printed. */
function startProxy(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(SENTRAIL_BIN, ["start", "--json", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line) resolve({ child, url: JSON.parse(line).url, stderr: () => stderr });
    });
    child.on("close", (code) => reject(new Error(`sentrail start exited ${code}: ${stderr}`)));
  });
}

describe("sentrail --help, --version and usage errors", () => {
  it("prints help and the version with exit 0, from node_modules/.bin as npm links it", async () => {
    const help = await runSentrail(["--help"], { HOME: home });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: sentrail");
    for (const command of ["init", "start", "status", "demo", "test"]) {
      const sub = await runSentrail([command, "--help"], { HOME: home });
      expect(sub.code).toBe(0);
      expect(sub.stdout).toContain(`Usage: sentrail ${command}`);
    }
    const version = await runSentrail(["--version"], { HOME: home });
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });

  it("exits 2 on an unknown option or command", async () => {
    expect((await runSentrail(["start", "--nope"], { HOME: home })).code).toBe(2);
    expect((await runSentrail(["launch"], { HOME: home })).code).toBe(2);
    expect((await runSentrail(["init", "--log-level", "loud"], { HOME: home })).code).toBe(2);
  });
});

describe("sentrail init (not a terminal: flags and environment variables)", () => {
  it("writes ~/.sentrail/config.json with mode 0600 and prints the Claude Code and Cursor snippets", async () => {
    const run = await initWith(["--upstream-url", upstream.url]);
    expect(run.code).toBe(0);
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    expect(await readConfig()).toEqual({
      apiKey: sentrail.apiKey,
      workspaceId: sentrail.workspaceId,
      upstreamMcpUrl: upstream.url,
      upstreamCommand: null,
      cloudUrl: sentrail.baseUrl,
      port: 3773,
      logLevel: "info",
    });
    expect(run.stdout).toContain('"url": "http://127.0.0.1:3773"');
    expect(run.stdout).toContain("~/.cursor/mcp.json");
    expect(run.stdout).toContain("claude mcp add --transport http sentrail http://127.0.0.1:3773");
    expect(run.stdout + run.stderr).not.toContain(sentrail.apiKey);
    expect(run.stdout).toContain(`agk_…${sentrail.apiKey.slice(-4)}`);
  });

  it("takes every value from environment variables, and keeps current values when re-run", async () => {
    const first = await runSentrail(["init"], {
      HOME: home,
      SENTRAIL_API_KEY: sentrail.apiKey,
      SENTRAIL_WORKSPACE_ID: WORKSPACE_ID,
      SENTRAIL_CLOUD_URL: "https://abcd1234.supabase.co/functions/v1",
      SENTRAIL_PORT: "4000",
      SENTRAIL_LOG_LEVEL: "debug",
    });
    expect(first.code).toBe(0);
    const again = await runSentrail(["init", "--yes", "--log-level", "warn", "--json"], { HOME: home });
    expect(again.code).toBe(0);
    expect(await readConfig()).toMatchObject({
      apiKey: sentrail.apiKey,
      workspaceId: WORKSPACE_ID,
      cloudUrl: "https://abcd1234.supabase.co/functions/v1",
      port: 4000,
      logLevel: "warn",
    });
    const printed = JSON.parse(again.stdout);
    expect(printed.config.apiKey).toBe(`agk_…${sentrail.apiKey.slice(-4)}`);
    expect(printed.snippets.cursor).toEqual({ mcpServers: { sentrail: { url: "http://127.0.0.1:4000" } } });
  });

  it("refuses invalid values with one clear message per field, exit 2, and writes nothing", async () => {
    const run = await runSentrail(
      ["init", "--api-key", "agk_short", "--workspace-id", "not-a-uuid", "--cloud-url", "ftp://x"],
      { HOME: home },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("API key must be agk_ followed by 40 lowercase hex characters");
    expect(run.stderr).toContain("Workspace id must be a UUID");
    expect(run.stderr).toContain("Cloud URL must be an http:// or https:// URL");
    expect(run.stderr).not.toContain("agk_short");
    await expect(stat(configPath())).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("names the missing required values when there is nothing to take them from", async () => {
    const run = await runSentrail(["init"], { HOME: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing");
  });

  it("honours --config <path>", async () => {
    const path = join(home, "elsewhere.json");
    const run = await initWith(["--yes"]).then(() =>
      runSentrail(
        [
          "--config",
          path,
          "init",
          "--api-key",
          sentrail.apiKey,
          "--workspace-id",
          WORKSPACE_ID,
          "--cloud-url",
          sentrail.baseUrl,
        ],
        { HOME: home },
      ),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(await readFile(path, "utf8")).workspaceId).toBe(WORKSPACE_ID);
  });
});

describe("sentrail init (interactive, in a pseudo-terminal)", () => {
  it("asks each question in turn, pre-filled with defaults, and writes what was answered", async () => {
    // script(1) gives the bin a real terminal; stty sets a width, as a terminal window has one.
    const child = spawn("script", ["-qec", `stty cols 120 rows 40; ${SENTRAIL_BIN} init`, "/dev/null"], {
      env: { PATH: process.env.PATH ?? "", HOME: home, TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const answers: Array<[string, string]> = [
      ["Sentrail API key", `${sentrail.apiKey}\r`],
      ["Workspace id (UUID)", `${WORKSPACE_ID}\r`],
      ["Upstream MCP server URL", "http://127.0.0.1:8080/mcp\r"],
      ["Sentrail cloud URL", "https://abcd1234.supabase.co/functions/v1\r"],
      ["Local proxy port", "\r"], // keeps 3773
      ["Log level", "\r"], // keeps info
    ];
    for (const [prompt, answer] of answers) {
      while (!output.includes(prompt)) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.stdin.write(answer);
    }
    expect(await closed).toBe(0);
    expect(await readConfig()).toEqual({
      apiKey: sentrail.apiKey,
      workspaceId: WORKSPACE_ID,
      upstreamMcpUrl: "http://127.0.0.1:8080/mcp",
      upstreamCommand: null,
      cloudUrl: "https://abcd1234.supabase.co/functions/v1",
      port: 3773,
      logLevel: "info",
    });
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    expect(output).toContain("Then run: sentrail start");
    expect(output).not.toContain(sentrail.apiKey);
  }, 60_000);
});

describe("sentrail start, status and test against sentrail-mock", () => {
  it("proxies a real MCP client: allowed forwarded, destructive blocked; status sees it; SIGINT stops it", async () => {
    const port = await freePort();
    await initWith(["--upstream-url", upstream.url, "--port", String(port)]);
    const proxy = await startProxy(["--no-color"]);
    expect(proxy.url).toBe(`http://127.0.0.1:${port}`);

    const client = new Client({ name: "claude-code-like", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url)));
    await client.callTool({ name: "bash", arguments: { command: "cat bin-test.txt" } });
    await expect(
      client.callTool({ name: "bash", arguments: { command: "rm -rf /bin-test" } }),
    ).rejects.toMatchObject({
      code: -32001,
    });
    await client.close();
    expect(upstream.calls.filter((call) => call.arguments.command === "cat bin-test.txt")).toHaveLength(1);
    expect(upstream.calls.filter((call) => call.arguments.command === "rm -rf /bin-test")).toHaveLength(0);
    expect(proxy.stderr()).toMatch(/allowed {2}bash {2}shell\.read\/low {2}cat bin-test\.txt/);
    expect(proxy.stderr()).toMatch(/blocked {2}bash {2}file\.delete_recursive\/critical/);
    expect(proxy.stderr()).not.toContain("\u001b["); // not a terminal: no colour

    const status = await runSentrail(["status", "--json"], { HOME: home });
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({
      config: "ok",
      ok: true,
      settings: { apiKey: `agk_…${sentrail.apiKey.slice(-4)}`, port },
      proxy: { running: true },
      cloud: { reachable: true, keyAccepted: true },
    });
    expect(status.stdout).not.toContain(sentrail.apiKey);

    const check = await runSentrail(["test"], { HOME: home });
    expect(check.stdout).toContain("pass  proxy running");
    expect(check.stdout).toContain("pass  destructive command stopped");
    expect(check.code).toBe(0);

    proxy.child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => proxy.child.on("close", resolve));
    expect(code).toBe(0);
    expect(proxy.stderr()).toContain("stopped (SIGINT)");
    expect(proxy.stderr()).not.toContain(sentrail.apiKey);
  });

  it("status exits 1 and says so when the proxy is not running or the cloud is down", async () => {
    const port = await freePort();
    await runSentrail(
      [
        "init",
        "--api-key",
        sentrail.apiKey,
        "--workspace-id",
        WORKSPACE_ID,
        "--cloud-url",
        "http://127.0.0.1:9/functions/v1",
        "--port",
        String(port),
      ],
      { HOME: home },
    );
    const status = await runSentrail(["status"], { HOME: home });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain("not running");
    expect(status.stdout).toContain("does not answer");
    expect(status.stdout).toContain(`agk_…${sentrail.apiKey.slice(-4)}`);
    expect(status.stdout + status.stderr).not.toContain(sentrail.apiKey);
  });

  it("status exits 1 without a config", async () => {
    const status = await runSentrail(["status"], { HOME: home });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain("run sentrail init");
  });

  it("start exits 1 with a clear message when there is no config", async () => {
    const run = await runSentrail(["start"], { HOME: home });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("run sentrail init");
  });
});

describe("sentrail test", () => {
  it("--mock passes: the read was forwarded once, the destructive command never reached the upstream", async () => {
    const run = await runSentrail(["test", "--mock", "--json"], { HOME: home });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.passed).toBe(true);
    expect(report.steps.map((step: { name: string; result: string }) => [step.name, step.result])).toEqual([
      ["proxy running", "skip"],
      ["harmless read forwarded", "pass"],
      ["destructive command stopped", "pass"],
    ]);
  });

  it("fails with exit 1 when the configured Sentrail lets the destructive command through", async () => {
    let permissive: RunningMockServer | null = null;
    try {
      const key = `agk_${"ab".repeat(20)}`;
      permissive = await startMockServer({
        seed: {
          workspaces: [{ id: WORKSPACE_ID, name: "Permissive", settings: { unmatchedDecision: "allow" } }],
          apiKeys: [{ workspaceId: WORKSPACE_ID, key, scopes: ["evaluate"] }],
        },
      });
      await runSentrail(
        ["init", "--api-key", key, "--workspace-id", WORKSPACE_ID, "--cloud-url", permissive.baseUrl],
        {
          HOME: home,
        },
      );
      const run = await runSentrail(["test"], { HOME: home });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("FAIL  destructive command stopped");
      expect(run.stdout).toContain("reached the upstream 1 time(s)");
    } finally {
      await permissive?.close();
    }
  });
});

describe("sentrail demo", () => {
  it("simulates the four actions offline and answers the approval with --approve yes", async () => {
    const run = await runSentrail(["demo", "--approve", "yes", "--json"], { HOME: home });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.passed).toBe(true);
    expect(
      report.steps.map(
        (step: { action: string; decision: string; approval: string | null; result: string }) => [
          step.action,
          step.decision,
          step.approval,
          step.result,
        ],
      ),
    ).toEqual([
      ["file.delete_recursive", "block", null, "refused"],
      ["git.force_push", "require_approval", "approved", "allowed"],
      ["sql.destructive", "block", null, "refused"],
      ["shell.read", "allow", null, "allowed"],
    ]);
  });

  it("answers no without a terminal by default, prints plain text, and still exits 0", async () => {
    const run = await runSentrail(["demo"], { HOME: home, NO_COLOR: "1" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("approval denied");
    expect(run.stdout).toContain("Nothing was executed.");
    expect(run.stdout).not.toContain("\u001b[");
    expect(run.stderr).toContain("answering no");
  });
});

describe("the config file", () => {
  it("is not world-readable even when it existed before with a wider mode", async () => {
    await initWith();
    const { chmod } = await import("node:fs/promises");
    await chmod(configPath(), 0o644);
    await initWith(["--log-level", "error"]);
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    await writeFile(join(home, "unused"), "");
  });
});
