import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GateFixture, startGateFixture } from "./helpers/start-gate-fixture";

// The bin's source, run through tsx: the test needs no build, and runs exactly what tsup bundles.
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const BRIDGE_ARGS = ["--import", "tsx", "src/bridge-cli.ts"];

let fixture: GateFixture;
let client: Client;
let transport: StdioClientTransport;
let stderr = "";

function childEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...extra };
}

/** Runs the bin to completion (for start-up failures) and answers its exit code and stderr. */
function runBridge(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...BRIDGE_ARGS, ...args], {
      cwd: PACKAGE_DIR,
      env: childEnv(env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr: output }));
  });
}

beforeAll(async () => {
  fixture = await startGateFixture();
  transport = new StdioClientTransport({
    command: process.execPath,
    args: [...BRIDGE_ARGS, "--url", fixture.gateUrl, "--agent-id", "bridge-tests"],
    cwd: PACKAGE_DIR,
    env: childEnv({ SENTRAIL_API_KEY: fixture.apiKey }),
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  client = new Client({ name: "stdio-host", version: "1.0.0" });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close(); // closes stdin; the bridge exits and the SDK reaps the child
  await fixture?.close();
});

describe("sentrail-mcp-bridge by name", () => {
  it("runs from the workspace's node_modules/.bin, as npm links it on install in a fresh clone", async () => {
    const bin = fileURLToPath(new URL("../../../node_modules/.bin/sentrail-mcp-bridge", import.meta.url));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(bin, ["--help"], { env: childEnv({}), stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stderr.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
      });
      child.on("error", reject);
      child.on("close", (exitCode) => resolve({ code: exitCode, output: text }));
    });
    expect(code).toBe(0);
    expect(output).toContain("Usage: sentrail-mcp-bridge");
  });
});

describe("sentrail-mcp-bridge driven by an MCP SDK stdio client", () => {
  it("answers initialize and ping itself and lists the gate's tools", async () => {
    expect(client.getServerVersion()).toEqual({ name: "sentrail-mcp-bridge", version: "0.1.0" });
    await client.ping();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "get_issue",
      "list_issues",
      "create_issue",
      "delete_issue",
    ]);
  });

  it("returns the upstream result of an allowed call", async () => {
    const result = await client.callTool({ name: "get_issue", arguments: { number: 2 } });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('\\"number\\":2');
    const row = (await fixture.state()).auditLogs.at(-1);
    expect(row).toMatchObject({ action: "get_issue", agent_name: "bridge-tests" });
  });

  it("answers a blocked call with an isError result carrying the reason", async () => {
    const result = await client.callTool({ name: "delete_issue", arguments: { number: 2 } });
    expect(result).toMatchObject({
      isError: true,
      _meta: { sentrail: { status: "blocked", reason: "Policy 'Block deletes' matched" } },
    });
    expect(await fixture.upstreamCalls("delete_issue")).toBe(0);
  });

  it("holds the host's call until approval, reports progress, and returns the replay result once", async () => {
    const progress: string[] = [];
    const result = await client.callTool(
      { name: "create_issue", arguments: { title: "Via the bridge" } },
      undefined,
      {
        resetTimeoutOnProgress: true,
        onprogress: (notification) => {
          progress.push(notification.message ?? "");
          if (progress.length > 1) return;
          void fixture.state().then((state) => {
            const pending = state.approvalRequests.find((row) => row.status === "pending");
            if (pending)
              void fixture.reviewer.decideApproval({ approvalRequestId: pending.id, decision: "approved" });
          });
        },
      },
    );
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain("Via the bridge");
    expect(progress[0]).toContain("Awaiting human approval in Sentrail");
    expect(await fixture.upstreamCalls("create_issue")).toBe(1);
    expect(stderr).toContain("create_issue awaits approval");
  });

  it("never writes the key to stderr", () => {
    expect(stderr).toContain("connected to mcp-gate");
    expect(stderr).not.toContain(fixture.apiKey);
  });
});

describe("sentrail-mcp-bridge start-up failures", () => {
  it("exits 2 without a key", async () => {
    const { code, stderr: output } = await runBridge(["--url", fixture.gateUrl], {});
    expect(code).toBe(2);
    expect(output).toContain("SENTRAIL_API_KEY");
  });

  it("exits 1 when the gate refuses the key, and does not print it", async () => {
    const wrongKey = `agk_${"9".repeat(40)}`;
    const { code, stderr: output } = await runBridge(["--url", fixture.gateUrl], {
      SENTRAIL_API_KEY: wrongKey,
    });
    expect(code).toBe(1);
    expect(output).toContain("Invalid or expired API key");
    expect(output).not.toContain(wrongKey);
  });
});
