import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

/** The built command, as `npx sentrail-mock` runs it. The test pipeline builds before testing. */
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const DEMO_API_KEY = "agk_e54aaf2e457974092df6cc101318fa112078afe7";
const LISTENING =
  /^Sentrail mock listening on (http:\/\/127\.0\.0\.1:(\d+)) \(API base http:\/\/127\.0\.0\.1:\d+\/functions\/v1\)$/;

interface RunningCli {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
let directory: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the package first (npx tsup)`);
  directory = await mkdtemp(join(tmpdir(), "sentrail-cli-"));
});

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function runCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (target: string[]) => {
    let partial = "";
    return (chunk: Buffer) => {
      const text = partial + chunk.toString("utf8");
      const parts = text.split("\n");
      partial = parts.pop() ?? "";
      target.push(...parts);
    };
  };
  child.stdout?.on("data", collect(stdout));
  child.stderr?.on("data", collect(stderr));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout, stderr, exit };
}

/** Waits until stdout has `count` lines (or the process ends). */
async function waitForLines(running: RunningCli, count: number): Promise<void> {
  let ended = false;
  running.exit.then(() => {
    ended = true;
  });
  while (running.stdout.length < count && !ended) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function start(args: string[] = []) {
  const running = runCli(["--port", "0", "--quiet", ...args]);
  await waitForLines(running, 1);
  const match = LISTENING.exec(running.stdout[0] ?? "");
  if (!match)
    throw new Error(
      `no listening line; stdout=${running.stdout.join("|")} stderr=${running.stderr.join("|")}`,
    );
  return { ...running, origin: match[1] as string, port: Number(match[2]) };
}

async function seedFile(name: string, content: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, content);
  return path;
}

describe("sentrail-mock", () => {
  it("prints one listening line with the real port, then the demo key and tokens, and serves them", async () => {
    const cli = await start();
    expect(cli.port).toBeGreaterThan(0);
    await waitForLines(cli, 5);
    expect(cli.stdout.filter((line) => line.includes(cli.origin))).toHaveLength(1);
    expect(cli.stdout.join("\n")).toContain(DEMO_API_KEY);
    const reviewerToken = /Reviewer token .*:\s+(\S+)$/.exec(
      cli.stdout.find((line) => line.includes("Reviewer token")) ?? "",
    )?.[1];
    expect(reviewerToken).toMatch(/^eyJ/);

    const evaluated = await fetch(`${cli.origin}/functions/v1/evaluate-action`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ tool: "github", action: "pull_request.create", riskLevel: "high" }),
    });
    const decision = await evaluated.json();
    expect(decision).toMatchObject({
      ok: true,
      decision: "require_approval",
      reason: "Policy 'Require approval for PRs' matched",
    });

    const approved = await fetch(`${cli.origin}/functions/v1/approval-decision`, {
      method: "POST",
      headers: { authorization: `Bearer ${reviewerToken}`, "content-type": "application/json" },
      body: JSON.stringify({ approvalRequestId: decision.approvalRequestId, decision: "approved" }),
    });
    expect(await approved.json()).toMatchObject({ ok: true, status: "approved" });

    const forwarded = await fetch(`${cli.origin}/functions/v1/gateway-proxy/github/repos/acme/demo/issues`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "From the CLI test" }),
    });
    expect(forwarded.status).toBe(201);
    expect(await forwarded.json()).toMatchObject({
      number: 1,
      html_url: "https://github.com/acme/demo/issues/1",
    });

    const state = await (await fetch(`${cli.origin}/__mock/state`)).json();
    expect(state.workspaces).toHaveLength(1);

    cli.child.kill("SIGINT");
    expect(await cli.exit).toEqual({ code: 0, signal: null });
  });

  it("stops cleanly on SIGTERM", async () => {
    const cli = await start();
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    await expect(fetch(`${cli.origin}/__mock/state`)).rejects.toThrow();
  });

  it("logs one line per request unless --quiet", async () => {
    const running = runCli(["--port", "0"]);
    await waitForLines(running, 5);
    const origin = LISTENING.exec(running.stdout[0] ?? "")?.[1];
    await (await fetch(`${origin}/__mock/state`)).text();
    await waitForLines(running, 6);
    expect(running.stdout.at(-1)).toMatch(/^GET \/__mock\/state 200 \d+\.\d ms$/);
    running.child.kill("SIGINT");
    expect((await running.exit).code).toBe(0);
  });

  it("starts with a --seed file instead of the demo seed", async () => {
    const workspaceId = "11111111-1111-4111-8111-111111111111";
    const key = `agk_${"a".repeat(40)}`;
    const path = await seedFile(
      "ok.json",
      JSON.stringify({
        workspaces: [{ id: workspaceId, name: "From file", settings: { unmatchedDecision: "allow" } }],
        apiKeys: [{ workspaceId, key, name: "file", scopes: ["evaluate"] }],
      }),
    );
    const cli = await start(["--seed", path]);
    const evaluated = await fetch(`${cli.origin}/functions/v1/evaluate-action`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ tool: "mcp", action: "x", riskLevel: "low" }),
    });
    expect((await evaluated.json()).decision).toBe("allow");
    const demo = await fetch(`${cli.origin}/functions/v1/evaluate-action`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ tool: "mcp", action: "x", riskLevel: "low" }),
    });
    expect(demo.status).toBe(401);
    cli.child.kill("SIGINT");
    expect((await cli.exit).code).toBe(0);
  });

  it.each([
    ["a missing file", null, "file not found"],
    ["a file that is not JSON", "{ nope", "not valid JSON"],
    ["a seed of the wrong shape", "[1, 2]", "a seed must be a JSON object"],
    [
      "a section that is not a list",
      JSON.stringify({ policies: { name: "x" } }),
      "policies must be an array",
    ],
    [
      "a seed the contract refuses",
      JSON.stringify({
        workspaces: [{ name: "W" }],
        policies: [{ name: "P", tool: "mcp", actionPattern: "*", mode: "maybe" }],
      }),
      "mode",
    ],
  ])(
    "refuses %s with one line naming the file, a non-zero exit, and nothing started",
    async (name, content, problem) => {
      const path =
        content === null
          ? join(directory, "missing.json")
          : await seedFile(`${name.replace(/\W+/g, "-")}.json`, content);
      const running = runCli(["--port", "0", "--seed", path]);
      const { code } = await running.exit;
      expect(code).not.toBe(0);
      expect(running.stdout).toEqual([]);
      expect(running.stderr).toHaveLength(1);
      expect(running.stderr[0]).toContain(path);
      expect(running.stderr[0]).toContain(problem);
    },
  );

  it("exits non-zero with one line when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const running = runCli(["--port", String(port)]);
      const { code } = await running.exit;
      expect(code).toBe(1);
      expect(running.stderr).toEqual([
        expect.stringMatching(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/),
      ]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("prints usage for --help and exits 0; refuses unknown options with 2", async () => {
    const help = runCli(["--help"]);
    expect((await help.exit).code).toBe(0);
    expect(help.stdout[0]).toMatch(
      /^Usage: sentrail-mock \[--port 4010\] \[--host 127\.0\.0\.1\] \[--seed \.\/seed\.json\] \[--quiet\]$/,
    );
    const bad = runCli(["--frobnicate"]);
    expect((await bad.exit).code).toBe(2);
    expect(bad.stderr).toHaveLength(1);
  });
});
