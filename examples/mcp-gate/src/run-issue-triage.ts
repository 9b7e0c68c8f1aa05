// An issue-triage agent whose MCP tools sit behind Sentrail's mcp-gate. Against the offline mock as a
// real HTTP server (its built-in fake MCP upstream has get_issue, list_issues, create_issue and
// delete_issue), the story checks every decision, the approval replay, the stdio bridge and a local
// MCP server gated in process. Exits non-zero when any step does not happen.
import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createSentrailClient } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import {
  connectMcpGate,
  createMcpGateBridge,
  gateMcpClient,
  type McpGateProgress,
} from "@sentrail/mcp-gate-client";
import type { Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";
import { createNotesServer } from "./create-notes-server";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";

const seed: Seed = {
  workspaces: [
    { id: WORKSPACE_ID, name: "Acme triage", settings: { unmatchedDecision: "require_approval" } },
  ],
  members: [{ userId: REVIEWER_ID, role: "reviewer", email: "oncall@acme.test" }],
  apiKeys: [{ key: API_KEY, name: "triage-agent", scopes: ["mcp", "evaluate"] }],
  policies: [
    { name: "Never delete", tool: "mcp", actionPattern: "delete_*", mode: "block", priority: 10 },
    {
      name: "Review new issues",
      tool: "mcp",
      actionPattern: "create_*",
      mode: "require_approval",
      priority: 20,
    },
    {
      name: "Reads are fine",
      tool: "mcp",
      actionPattern: "*",
      conditions: { maxRiskLevel: "low" },
      mode: "allow",
      priority: 30,
    },
  ],
  toolConnections: [
    {
      tool: "mcp",
      paused: false,
      mcpServerUrl: null,
      mcpAuthType: "bearer",
      mcpTransport: "http",
      config: { access_token: null },
    },
  ],
};

const failures: string[] = [];
function check(condition: boolean, what: string): void {
  console.log(`${condition ? "  ok  " : "  FAIL"} ${what}`);
  if (!condition) failures.push(what);
}

const server = await startMockServer({ seed });
const reviewer = createSentrailAdminClient({
  baseUrl: server.baseUrl,
  accessToken: server.seeded?.tokens[REVIEWER_ID] ?? "",
});
/** Tool calls that reached the MCP upstream, by tool name (the mock records every one). */
const upstreamCalls = (name: string) =>
  server.mock.control.state().upstreamRequests.filter((row) => {
    const body = (typeof row.body === "string" ? JSON.parse(row.body) : row.body) as {
      method?: string;
      params?: { name?: string };
    } | null;
    return row.tool === "mcp" && body?.method === "tools/call" && body.params?.name === name;
  }).length;
/** The on-call reviewer: new issues are approved unless they look like spam. */
function review(progress: McpGateProgress, title: string): void {
  if (progress.polls !== 0) return;
  const decision = title.includes("BUY NOW") ? "denied" : "approved";
  void reviewer.decideApproval({ approvalRequestId: progress.approvalRequestId, decision });
}

// Polling is shortened so the story takes a second; production code keeps the defaults (1 s … 10 s).
const polling = { initialDelayMs: 20, multiplier: 1.5, maxDelayMs: 100 };
const gate = await connectMcpGate({
  apiKey: API_KEY,
  baseUrl: server.baseUrl,
  agentId: "triage-agent",
  polling,
});
try {
  console.log("1. The agent connects to mcp-gate and lists the upstream's tools");
  const { tools } = await gate.client.listTools();
  check(tools.length === 4, `four tools listed (${tools.map((tool) => tool.name).join(", ")})`);

  console.log("2. Reading an issue is allowed: the gate forwards it");
  const read = await gate.callTool({ name: "get_issue", arguments: { number: 7 } });
  check(read.status === "executed" && read.via === "guard", `get_issue executed (${read.status})`);

  console.log("3. Deleting is blocked by policy: the upstream never sees it");
  const deleted = await gate.callTool({ name: "delete_issue", arguments: { number: 7 } });
  check(deleted.status === "blocked", `delete_issue blocked: ${deleted.reason}`);
  check(upstreamCalls("delete_issue") === 0, "the upstream was never called for delete_issue");

  console.log(
    "4. Creating an issue waits for a reviewer; Sentrail replays it and the agent gets that result",
  );
  const title = "Flaky login test";
  const created = await gate.callTool(
    { name: "create_issue", arguments: { title } },
    { onProgress: (progress) => review(progress, title) },
  );
  check(
    created.status === "executed" && created.via === "sentrail_replay",
    `create_issue executed by replay (${created.status})`,
  );
  check(
    created.status === "executed" && JSON.stringify(created.result).includes(title),
    "the result is the upstream's new issue",
  );
  check(upstreamCalls("create_issue") === 1, "create_issue reached the upstream exactly once");

  console.log("5. A spam issue is denied by the reviewer: nothing is created");
  const spam = "BUY NOW cheap tokens";
  const denied = await gate.callTool(
    { name: "create_issue", arguments: { title: spam } },
    { onProgress: (progress) => review(progress, spam) },
  );
  check(denied.status === "denied" && !denied.retrySafe, `spam denied (${denied.status}): ${denied.message}`);
  check(upstreamCalls("create_issue") === 1, "still exactly one create_issue upstream");

  console.log(
    "6. A stdio-only host goes through the bridge (wired in memory here; `sentrail-mcp-bridge` runs it on stdio)",
  );
  const [hostSide, bridgeSide] = InMemoryTransport.createLinkedPair();
  const bridge = createMcpGateBridge(gate);
  await bridge.connect(bridgeSide);
  const host = new Client({ name: "stdio-host", version: "1.0.0" });
  await host.connect(hostSide);
  const hostBlocked = await host.callTool({ name: "delete_issue", arguments: { number: 1 } });
  check(hostBlocked.isError === true, "the host sees the block as an isError tool result");
  const hostRead = await host.callTool({ name: "list_issues", arguments: {} });
  check(hostRead.isError !== true, "the host reads issues through the bridge");
  await host.close();

  console.log("7. A local MCP server that cannot sit behind the gate is gated in process (evaluate-action)");
  const notes = createNotesServer();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await notes.server.connect(serverSide);
  const local = new Client({ name: "triage-agent", version: "1.0.0" });
  await local.connect(clientSide);
  const gated = gateMcpClient(local, {
    sentrail: createSentrailClient({ apiKey: API_KEY, baseUrl: server.baseUrl }),
    agentId: "triage-agent",
    polling,
  });
  const listed = await gated.callTool({ name: "list_notes" });
  check(listed.isError !== true && notes.runs.get("list_notes") === 1, "list_notes allowed and run once");
  const wiped = await gated.callTool({ name: "delete_notes" });
  check(
    wiped.isError === true && !notes.runs.has("delete_notes"),
    "delete_notes blocked before it reached the server",
  );
  await local.close();

  console.log("8. Sentrail's audit log has every decision");
  const audit = server.mock.control.state().auditLogs.filter((row) => row.workspace_id === WORKSPACE_ID);
  const gateRows = audit.filter((row) => row.source === "mcp");
  check(gateRows.length === 6, `one gate evaluation per tools/call: 6 (${gateRows.length})`);
  check(
    audit.some((row) => row.action === "delete_notes" && row.decision === "block"),
    "the local server's blocked delete_notes is audited too",
  );
} finally {
  await gate.close();
  await server.close();
}

if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("\nThe MCP gate story happened as expected.");
