import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { GuardApprovalHandle } from "@sentrail/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { McpGateCallOutcome } from "../src/connect-mcp-gate";
import type { McpGateWorkerOptions } from "./helpers/mcp-gate-worker";
import { type GateFixture, startGateFixture } from "./helpers/start-gate-fixture";

// A held call outlives the process that made it: real processes (gate workers, the bridge's bin over
// stdio) against one loopback sentrail-mock with its built-in MCP upstream. Nothing is shared between
// the processes but the handle (and, for the bridge, its --state file): Sentrail stores the held call
// and replays it once on approval, so no guard store needs to be shared.

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const WORKER = fileURLToPath(new URL("./helpers/mcp-gate-worker.ts", import.meta.url));
const BRIDGE_ARGS = ["--import", "tsx", "src/bridge-cli.ts"];

let fixture: GateFixture;
let directory: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  fixture = await startGateFixture();
  directory = await mkdtemp(join(tmpdir(), "sentrail-mcp-held-"));
});
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await fixture?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

function childEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...extra };
}

/** Runs one gate worker to its end and answers its outcome; rejects if it fails or takes 60 s. */
function runWorker(options: Omit<McpGateWorkerOptions, "apiKey" | "gateUrl">): Promise<McpGateCallOutcome> {
  const all: McpGateWorkerOptions = { apiKey: fixture.apiKey, gateUrl: fixture.gateUrl, ...options };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(all)], {
      cwd: PACKAGE_DIR,
      env: childEnv({}),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const line = stdout.trim().split("\n").at(-1);
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`worker ${child.pid} exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
    });
  });
}

/** The audit rows of tools/call evaluations and the upstream requests that carry `marker`. */
async function seenByGate(marker: string) {
  const { auditLogs, upstreamRequests } = await fixture.state();
  return {
    auditRows: auditLogs.filter(
      (row) =>
        row.action === "create_issue" &&
        (row.payload_preview as { reviewer?: unknown } | null)?.reviewer === undefined &&
        JSON.stringify(row).includes(marker),
    ).length,
    upstreamRequests: upstreamRequests.filter((row) => JSON.stringify(row.body).includes(marker)).length,
  };
}

async function pendingApprovalFor(marker: string): Promise<string> {
  const { approvalRequests } = await fixture.state();
  const row = approvalRequests.find(
    (request) => request.status === "pending" && JSON.stringify(request).includes(marker),
  );
  if (!row) throw new Error(`no pending approval request for ${marker}`);
  return row.id;
}

describe("connectMcpGate: a held call resumed by other processes", () => {
  it("asks in one process that exits; after approval two new processes resume the handle at once and both get Sentrail's one replay", async () => {
    const params = { name: "create_issue", arguments: { title: "Asked by a process that exited" } };
    const asked = await runWorker({ params, approvalTimeoutMs: 0 });
    expect(asked).toMatchObject({ status: "timed_out", retrySafe: false });
    const handle = asked.resume as GuardApprovalHandle;
    expect(handle).toMatchObject({ type: "sentrail.guard.approval", toolName: "create_issue" });
    expect(await seenByGate("Asked by a process that exited")).toEqual({ auditRows: 1, upstreamRequests: 0 });

    await fixture.reviewer.decideApproval({
      approvalRequestId: handle.evaluation.approvalRequestId,
      decision: "approved",
    });
    const startAt = Date.now() + 1_500;
    const [one, two] = await Promise.all([
      runWorker({ params, resume: handle, startAt }),
      runWorker({ params, resume: handle, startAt }),
    ]);
    expect(one).toMatchObject({
      status: "executed",
      via: "sentrail_replay",
      approvalRequestId: handle.evaluation.approvalRequestId,
    });
    // Each process waited on its own (no shared store): only the wait's figures differ.
    expect({ ...two, wait: null }).toEqual({ ...one, wait: null });
    expect(JSON.stringify(one)).toContain("Asked by a process that exited");
    expect(await seenByGate("Asked by a process that exited")).toEqual({ auditRows: 1, upstreamRequests: 1 });
  }, 120_000);
});

describe("sentrail-mcp-bridge --state: a held call outlives the bridge process", () => {
  function startBridge(stateFile: string) {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        ...BRIDGE_ARGS,
        "--url",
        fixture.gateUrl,
        "--agent-id",
        "bridge-restart",
        "--approval-timeout",
        "0.2",
        "--state",
        stateFile,
      ],
      cwd: PACKAGE_DIR,
      env: childEnv({ SENTRAIL_API_KEY: fixture.apiKey }),
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-host", version: "1.0.0" });
    return { transport, client };
  }

  it("answers the same tools/call after a restart with Sentrail's one replay of the call the killed bridge held", async () => {
    const stateFile = join(directory, "bridge-state.json");
    const marker = "Held across a bridge restart";

    // The first bridge process: the call is held, the wait times out, the host gets a not-executed answer.
    const first = startBridge(stateFile);
    let firstPid: number | null = null;
    try {
      await first.client.connect(first.transport);
      firstPid = first.transport.pid;
      const held = await first.client.callTool({
        name: "create_issue",
        arguments: { title: marker, body: "from the first bridge" },
      });
      expect(held).toMatchObject({ isError: true, _meta: { sentrail: { status: "timed_out" } } });
      expect(JSON.stringify(held.content)).toContain(
        "call create_issue again with exactly the same arguments",
      );
      const state = JSON.parse(await readFile(stateFile, "utf8"));
      expect(Object.keys(state.held)).toHaveLength(1);
      expect(JSON.stringify(state)).not.toContain(marker);
    } finally {
      // The bridge dies (no clean shutdown), then the host notices.
      if (firstPid !== null) process.kill(firstPid, "SIGKILL");
      await first.client.close().catch(() => undefined);
    }

    await fixture.reviewer.decideApproval({
      approvalRequestId: await pendingApprovalFor(marker),
      decision: "approved",
    });

    // A new bridge process with the same state file; the model calls again (keys in another order).
    const second = startBridge(stateFile);
    try {
      await second.client.connect(second.transport);
      const result = await second.client.callTool({
        name: "create_issue",
        arguments: { body: "from the first bridge", title: marker },
      });
      expect(result.isError).toBeFalsy();
      const content = result.content as Array<{ type: string; text?: string }>;
      expect(content[0]?.text).toContain("This is the result of your earlier create_issue call");
      expect(JSON.stringify(content.slice(1))).toContain(marker);
      const state = JSON.parse(await readFile(stateFile, "utf8"));
      expect(state.held).toEqual({});
    } finally {
      await second.client.close();
    }
    expect(await seenByGate(marker)).toEqual({ auditRows: 1, upstreamRequests: 1 });
  }, 120_000);
});
