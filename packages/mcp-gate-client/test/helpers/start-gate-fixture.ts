import { randomBytes, randomUUID } from "node:crypto";
import { createSentrailAdminClient, type SentrailAdminClient } from "@sentrail/client/admin";
import type { MockState, Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";

/** The mcp policies of contract §4.4's examples: deletes blocked, creates reviewed, reads allowed. */
export const MCP_POLICIES: NonNullable<Seed["policies"]> = [
  { name: "Block deletes", tool: "mcp", actionPattern: "delete_*", mode: "block", priority: 10 },
  {
    name: "Review MCP writes",
    tool: "mcp",
    actionPattern: "create_*",
    mode: "require_approval",
    priority: 20,
  },
  { name: "Allow MCP reads", tool: "mcp", actionPattern: "*", mode: "allow", priority: 900 },
];

/** A running mock (real loopback HTTP) with one workspace wired to an MCP upstream, and one without. */
export interface GateFixture {
  baseUrl: string;
  gateUrl: string;
  workspaceId: string;
  /** Key of the workspace with an MCP connection (scopes evaluate + mcp). */
  apiKey: string;
  /** Key of a workspace with no MCP connection (424 for tools/*). */
  unconnectedKey: string;
  reviewer: SentrailAdminClient;
  admin: SentrailAdminClient;
  state(): Promise<MockState>;
  /** `upstreamRequests` of the MCP upstream whose JSON-RPC method is `tools/call` for `name`. */
  upstreamCalls(name: string): Promise<number>;
  advanceClock(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** `agk_` + 40 hex characters, fresh per fixture. */
export function newApiKey(): string {
  return `agk_${randomBytes(20).toString("hex")}`;
}

/**
 * Starts `startMockServer` on 127.0.0.1:0 seeded for the gate tests. `mcpServerUrl` null uses the
 * mock's built-in fake MCP server (`get_issue`, `list_issues`, `create_issue`, `delete_issue`).
 *
 * @example
 * const fixture = await startGateFixture();
 * const gate = await connectMcpGate({ apiKey: fixture.apiKey, url: fixture.gateUrl });
 */
export async function startGateFixture(options: { mcpServerUrl?: string | null } = {}): Promise<GateFixture> {
  const workspaceId = randomUUID();
  const otherWorkspaceId = randomUUID();
  const reviewerId = randomUUID();
  const adminId = randomUUID();
  const apiKey = newApiKey();
  const unconnectedKey = newApiKey();
  const seed: Seed = {
    workspaces: [
      { id: workspaceId, name: "Gate tests", settings: { unmatchedDecision: "require_approval" } },
      { id: otherWorkspaceId, name: "No MCP", settings: { unmatchedDecision: "allow" } },
    ],
    members: [
      { workspaceId, userId: reviewerId, role: "reviewer", email: "reviewer@example.com" },
      { workspaceId, userId: adminId, role: "admin", email: "admin@example.com" },
    ],
    apiKeys: [
      { workspaceId, key: apiKey, name: "agent", scopes: ["evaluate", "mcp"] },
      { workspaceId: otherWorkspaceId, key: unconnectedKey, name: "agent", scopes: ["mcp"] },
    ],
    policies: MCP_POLICIES.map((policy) => ({ ...policy, workspaceId })),
    toolConnections: [
      {
        workspaceId,
        tool: "mcp",
        paused: false,
        mcpServerUrl: options.mcpServerUrl ?? null,
        mcpAuthType: "bearer",
        mcpTransport: "http",
        config: { access_token: null },
      },
    ],
  };
  const server = await startMockServer({ port: 0, host: "127.0.0.1", seed });
  const tokens = server.seeded?.tokens ?? {};
  const reviewerToken = tokens[reviewerId];
  const adminToken = tokens[adminId];
  if (!reviewerToken || !adminToken) throw new Error("the mock answered no member tokens");

  async function control(path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${server.origin}/__mock/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`/__mock/${path} answered ${response.status}`);
    return response.json();
  }
  const state = async () => (await control("state")) as MockState;

  return {
    baseUrl: server.baseUrl,
    gateUrl: `${server.baseUrl}/mcp-gate/sse`,
    workspaceId,
    apiKey,
    unconnectedKey,
    reviewer: createSentrailAdminClient({ baseUrl: server.baseUrl, accessToken: reviewerToken }),
    admin: createSentrailAdminClient({ baseUrl: server.baseUrl, accessToken: adminToken }),
    state,
    async upstreamCalls(name) {
      const { upstreamRequests } = await state();
      return upstreamRequests.filter((row) => {
        if (row.tool !== "mcp") return false;
        const body = typeof row.body === "string" ? JSON.parse(row.body) : row.body;
        const message = (body ?? {}) as { method?: string; params?: { name?: string } };
        return message.method === "tools/call" && message.params?.name === name;
      }).length;
    },
    async advanceClock(ms) {
      await control("clock", { advanceMs: ms });
    },
    close: () => server.close(),
  };
}
