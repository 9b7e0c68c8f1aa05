import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { InterceptorEvent } from "../src/interceptor/interceptor-event";
import { type RunningInterceptor, startInterceptor } from "../src/interceptor/start-interceptor";
import { type HttpUpstream, startHttpUpstream } from "./helpers/start-http-upstream";
import { type SentrailFixture, startSentrailFixture } from "./helpers/start-sentrail-fixture";

const STDIO_SERVER = fileURLToPath(new URL("./fixtures/recording-stdio-server.mjs", import.meta.url));

let sentrail: SentrailFixture;
let upstream: HttpUpstream;
const opened: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  sentrail = await startSentrailFixture();
  upstream = await startHttpUpstream();
});
afterEach(async () => {
  while (opened.length > 0) await opened.pop()?.close();
});
afterAll(async () => {
  await upstream?.close();
  await sentrail?.close();
});

async function proxyWith(
  options: Partial<Parameters<typeof startInterceptor>[0]> = {},
): Promise<{ proxy: RunningInterceptor; client: Client; events: InterceptorEvent[] }> {
  const events: InterceptorEvent[] = [];
  const proxy = await startInterceptor({
    config: { apiKey: sentrail.apiKey, cloudUrl: sentrail.baseUrl },
    upstream: { kind: "http", url: upstream.url },
    port: 0,
    pollIntervalMs: 50,
    onEvent: (event) => events.push(event),
    ...options,
  });
  opened.push(proxy);
  const client = new Client({ name: "test-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url)));
  opened.unshift(client);
  return { proxy, client, events };
}

async function rejection(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

const callsOf = (command: string) =>
  upstream.calls.filter((call) => call.arguments.command === command).length;

describe("startInterceptor in front of an HTTP upstream, evaluated by sentrail-mock", () => {
  it("answers initialize and ping itself, as the sentrail server", async () => {
    const { client } = await proxyWith();
    expect(client.getServerVersion()?.name).toBe("sentrail");
    await expect(client.ping()).resolves.toEqual({});
  });

  it("forwards an allowed shell read once and returns the upstream's result unchanged", async () => {
    const { client, events } = await proxyWith();
    const result = await client.callTool({ name: "bash", arguments: { command: "cat allowed.txt" } });
    expect(result).toEqual({
      content: [{ type: "text", text: "upstream ran bash" }],
      structuredContent: { exact: true, n: expect.any(Number) },
    });
    expect(callsOf("cat allowed.txt")).toBe(1);
    const row = sentrail.state().auditLogs.at(-1);
    expect(row).toMatchObject({
      tool: "mcp",
      action: "shell.read",
      decision: "allow",
      agent_name: "sentrail-cli",
    });
    expect(events.at(-1)).toMatchObject({ kind: "settled", status: "executed", forwarded: true });
  });

  it("never forwards a blocked rm -rf and answers -32001 with the policy's reason", async () => {
    const { client, events } = await proxyWith();
    const error = await rejection(
      client.callTool({ name: "bash", arguments: { command: "rm -rf /srv/data" } }),
    );
    expect(error.code).toBe(-32001);
    expect(error.message).toContain(
      "Blocked by Sentrail policy: Policy 'Block critical shell commands' matched",
    );
    expect(error.data).toMatchObject({ status: "blocked", decision: "block" });
    expect(callsOf("rm -rf /srv/data")).toBe(0);
    expect(sentrail.state().auditLogs.at(-1)).toMatchObject({
      action: "file.delete_recursive",
      decision: "block",
    });
    expect(events.at(-1)).toMatchObject({ kind: "settled", status: "blocked", forwarded: false });
  });

  it("classifies non-shell tools by name (§6.3): a delete_* tool is blocked by policy", async () => {
    const { client } = await proxyWith();
    const error = await rejection(client.callTool({ name: "delete_issue", arguments: { number: 1 } }));
    expect(error.code).toBe(-32001);
    expect(upstream.calls.filter((call) => call.name === "delete_issue")).toHaveLength(0);
    expect(sentrail.state().auditLogs.at(-1)).toMatchObject({ action: "delete_issue", decision: "block" });
  });

  it("holds a force push, reports it, and forwards it once when a reviewer approves", async () => {
    const { client, events } = await proxyWith();
    const call = client.callTool({
      name: "bash",
      arguments: { command: "git push --force origin approved" },
    });
    const approvalRequestId = await sentrail.pendingApproval();
    expect(callsOf("git push --force origin approved")).toBe(0);
    await sentrail.reviewer.decideApproval({ approvalRequestId, decision: "approved" });
    await expect(call).resolves.toMatchObject({ content: [{ type: "text", text: "upstream ran bash" }] });
    expect(callsOf("git push --force origin approved")).toBe(1);
    expect(events.find((event) => event.kind === "awaiting_approval")).toMatchObject({
      approvalRequestId,
      call: { action: "git.force_push", riskLevel: "critical" },
    });
  });

  it("never forwards a held call that the reviewer denies", async () => {
    const { client } = await proxyWith();
    const call = rejection(
      client.callTool({ name: "bash", arguments: { command: "git push --force origin denied" } }),
    );
    const approvalRequestId = await sentrail.pendingApproval();
    await sentrail.reviewer.decideApproval({ approvalRequestId, decision: "denied" });
    const error = await call;
    expect(error.code).toBe(-32001);
    expect(error.message).toContain("Approval denied");
    expect(error.data).toMatchObject({ status: "denied", approvalRequestId });
    expect(callsOf("git push --force origin denied")).toBe(0);
  });

  it('answers -32001 "Approval timed out" when nobody decides within the wait, and never forwards', async () => {
    const { client } = await proxyWith({ approvalTimeoutMs: 300 });
    const error = await rejection(
      client.callTool({ name: "bash", arguments: { command: "git push --force origin timeout" } }),
    );
    expect(error.code).toBe(-32001);
    expect(error.message).toContain("Approval timed out");
    expect(error.data).toMatchObject({ status: "timed_out" });
    expect(callsOf("git push --force origin timeout")).toBe(0);
  });

  it("refuses every call while the kill switch is on, reads included, and forwards again after", async () => {
    const { client } = await proxyWith();
    await sentrail.admin.enableKillSwitch(sentrail.workspaceId);
    try {
      const error = await rejection(
        client.callTool({ name: "bash", arguments: { command: "cat killed.txt" } }),
      );
      expect(error.code).toBe(-32001);
      expect(error.message).toContain("Kill switch is active");
      expect(callsOf("cat killed.txt")).toBe(0);
    } finally {
      await sentrail.admin.disableKillSwitch(sentrail.workspaceId);
    }
    await client.callTool({ name: "bash", arguments: { command: "cat killed.txt" } });
    expect(callsOf("cat killed.txt")).toBe(1);
  });

  it("ends a held call when the kill switch is enabled during the wait, without forwarding it", async () => {
    const { client, events } = await proxyWith();
    const call = rejection(
      client.callTool({ name: "bash", arguments: { command: "git push --force origin killswitch" } }),
    );
    while (!events.some((event) => event.kind === "awaiting_approval"))
      await new Promise((resolve) => setTimeout(resolve, 20));
    await sentrail.admin.enableKillSwitch(sentrail.workspaceId);
    try {
      const error = await call;
      expect(error.code).toBe(-32001);
      expect(error.data).toMatchObject({ status: "kill_switch" });
      expect(callsOf("git push --force origin killswitch")).toBe(0);
    } finally {
      await sentrail.admin.disableKillSwitch(sentrail.workspaceId);
    }
  });

  it('fails closed with -32001 "Sentrail unreachable; failing closed" when the cloud is down', async () => {
    const { client } = await proxyWith({
      config: { apiKey: sentrail.apiKey, cloudUrl: "http://127.0.0.1:9/functions/v1" },
    });
    const error = await rejection(client.callTool({ name: "bash", arguments: { command: "cat down.txt" } }));
    expect(error.code).toBe(-32001);
    expect(error.message).toContain("Sentrail unreachable; failing closed");
    expect(callsOf("cat down.txt")).toBe(0);
  });

  it("fails closed when Sentrail answers non-200 or too late", async () => {
    const { client } = await proxyWith({ evaluateTimeoutMs: 200 });
    sentrail.server.mock.control.faults({ endpoint: "evaluate-action", status: 503 });
    const unavailable = await rejection(
      client.callTool({ name: "bash", arguments: { command: "cat 503.txt" } }),
    );
    expect(unavailable.message).toContain("Sentrail unreachable; failing closed");
    sentrail.server.mock.control.faults({ endpoint: "evaluate-action", delayMs: 1_000 });
    const slow = await rejection(client.callTool({ name: "bash", arguments: { command: "cat slow.txt" } }));
    expect(slow.message).toContain("Sentrail unreachable; failing closed");
    expect(callsOf("cat 503.txt") + callsOf("cat slow.txt")).toBe(0);
  });

  it("never puts the API key in an error it answers", async () => {
    const { client } = await proxyWith({
      config: { apiKey: sentrail.apiKey, cloudUrl: "http://127.0.0.1:9/functions/v1" },
    });
    const error = await rejection(client.callTool({ name: "bash", arguments: { command: "cat key.txt" } }));
    expect(JSON.stringify({ message: error.message, data: error.data })).not.toContain(sentrail.apiKey);
  });

  it("passes an upstream JSON-RPC error on unchanged", async () => {
    const { client } = await proxyWith();
    const error = await rejection(client.callTool({ name: "get_issue", arguments: { number: -1 } }));
    expect(error.code).toBe(-32602);
    expect(error.message).toBe("MCP error -32602: No such issue");
    expect(error.data).toEqual({ number: -1 });
  });

  it("serves tools/list from the upstream unchanged and caches it for 60 s", async () => {
    const { client } = await proxyWith();
    const before = upstream.listRequests();
    const first = await client.listTools();
    const second = await client.listTools();
    expect(first.tools.map((tool) => tool.name)).toEqual(["bash", "get_issue", "delete_issue"]);
    expect(second).toEqual(first);
    expect(upstream.listRequests() - before).toBe(1);
  });

  it("answers -32601 for methods outside the allow-list (resources, prompts)", async () => {
    const { client } = await proxyWith();
    const error = await rejection(client.listResources());
    expect(error.code).toBe(-32601);
    expect(error.message).toContain("Method not allowed by Sentrail: resources/list");
    await expect(client.listPrompts()).rejects.toMatchObject({ code: -32601 });
  });

  it("refuses requests whose Host header is not loopback (DNS rebinding)", async () => {
    const { proxy } = await proxyWith();
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(
        `${proxy.url}/`,
        { method: "POST", headers: { host: "evil.example:3773", "content-type": "application/json" } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on("error", reject);
      outgoing.end("{}");
    });
    expect(status).toBe(403);
  });
});

describe("startInterceptor in front of a stdio upstream", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "sentrail-stdio-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("spawns the server, forwards an allowed call once and never a blocked one, and stops it on close", async () => {
    const recordFile = join(directory, "calls.jsonl");
    await writeFile(recordFile, "");
    const { client, proxy } = await proxyWith({
      upstream: {
        kind: "stdio",
        command: process.execPath,
        args: [STDIO_SERVER],
        env: { RECORD_FILE: recordFile, PATH: process.env.PATH ?? "" },
      },
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["bash", "get_issue", "delete_issue"]);
    const result = await client.callTool({ name: "bash", arguments: { command: "ls -la" } });
    expect(result).toEqual({
      content: [{ type: "text", text: "stdio ran bash" }],
      structuredContent: { via: "stdio" },
    });
    const blocked = await rejection(
      client.callTool({ name: "bash", arguments: { command: "psql -c 'DROP TABLE users'" } }),
    );
    expect(blocked.code).toBe(-32001);
    const recorded = (await readFile(recordFile, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(recorded).toEqual([{ name: "bash", arguments: { command: "ls -la" } }]);
    expect(proxy.upstream).toContain("recording-stdio-server.mjs");
  });

  it("refuses to start when the stdio command cannot be spawned", async () => {
    await expect(
      startInterceptor({
        config: { apiKey: sentrail.apiKey, cloudUrl: sentrail.baseUrl },
        upstream: { kind: "stdio", command: join(directory, "no-such-server") },
        port: 0,
      }),
    ).rejects.toThrow();
  });
});
