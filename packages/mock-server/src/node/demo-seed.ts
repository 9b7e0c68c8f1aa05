/** The demo workspace's id. */
export const DEMO_WORKSPACE_ID = "5e470000-0000-4000-8000-000000000001";
/** The demo admin's user id (role `admin`: kill switch, API keys, approvals). */
export const DEMO_ADMIN_USER_ID = "5e470000-0000-4000-8000-0000000000a1";
/** The demo reviewer's user id (role `reviewer`: approvals only). */
export const DEMO_REVIEWER_USER_ID = "5e470000-0000-4000-8000-0000000000b1";
/**
 * The demo API key, with every scope (`evaluate`, `gateway`, `mcp`). Fixed, so scripts and docs can use
 * it; it is only ever accepted by a mock seeded with {@link demoSeed}.
 */
export const DEMO_API_KEY = "agk_e54aaf2e457974092df6cc101318fa112078afe7";

/**
 * The seed the `sentrail-mock` command starts with when no `--seed` is given (mock-server.md §2), in the
 * seed format of mock-server.md §4:
 *
 * - one workspace, "Acme Demo" (`test` environment, default settings: unmatched → `require_approval`);
 * - an admin (`admin@example.com`) and a reviewer (`reviewer@example.com`);
 * - one API key with all scopes ({@link DEMO_API_KEY});
 * - the contract's documented example policies (§5.1, §4.1, §4.4), arranged in the documented priority
 *   bands so every decision can be seen: reads are allowed, pull requests and high-risk GitHub actions
 *   need approval, MCP writes need approval, MCP deletes are blocked, listed untrusted agents are
 *   blocked, and a documented catch-all allows the rest;
 * - GitHub (`acme/demo`), Linear and MCP connections served by the built-in fake upstreams.
 *
 * Returns a fresh object each call, so a caller may edit it before seeding.
 *
 * @example
 * const server = await startMockServer({ seed: demoSeed() });
 * await fetch(`${server.baseUrl}/evaluate-action`, {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json" },
 *   body: JSON.stringify({ tool: "github", action: "pull_request.create", riskLevel: "high" }),
 * }); // → decision "require_approval"
 */
export function demoSeed() {
  const workspaceId = DEMO_WORKSPACE_ID;
  return {
    workspaces: [
      {
        id: workspaceId,
        name: "Acme Demo",
        environment: "test" as const,
        settings: {
          unmatchedDecision: "require_approval" as const,
          approvalTtlHours: 24,
          requireRegisteredAgents: false,
        },
        slackWebhookUrl: null,
        notificationEmails: ["admin@example.com"],
      },
    ],
    members: [
      { workspaceId, userId: DEMO_ADMIN_USER_ID, role: "admin" as const, email: "admin@example.com" },
      {
        workspaceId,
        userId: DEMO_REVIEWER_USER_ID,
        role: "reviewer" as const,
        email: "reviewer@example.com",
      },
    ],
    apiKeys: [
      {
        workspaceId,
        key: DEMO_API_KEY,
        name: "demo (all scopes)",
        scopes: ["evaluate", "gateway", "mcp"] as Array<"evaluate" | "gateway" | "mcp">,
        expiresAt: null,
        revoked: false,
      },
    ],
    policies: [
      policy("5e470000-0000-4000-8000-000000000105", {
        name: "Block untrusted agents",
        tool: "*",
        actionPattern: "*",
        // The SDK docs' recommended form (contract §18 G7): allowedAgents + mode block.
        conditions: { allowedAgents: ["untrusted-bot", "experimental-agent"] },
        mode: "block",
        priority: 5,
      }),
      policy("5e470000-0000-4000-8000-000000000110", {
        name: "Allow reads",
        tool: "*",
        actionPattern: "read",
        mode: "allow",
        priority: 10,
      }),
      policy("5e470000-0000-4000-8000-000000000120", {
        name: "Allow low-risk MCP tools",
        tool: "mcp",
        actionPattern: "*",
        conditions: { maxRiskLevel: "low" },
        mode: "allow",
        priority: 20,
      }),
      policy("5e470000-0000-4000-8000-000000000150", {
        name: "Require approval for PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      }),
      policy("5e470000-0000-4000-8000-000000000155", {
        name: "Cursor - require approval for all writes",
        tool: "mcp",
        actionPattern: "*",
        conditions: { allowedAgents: ["cursor"], minRiskLevel: "medium" },
        mode: "require_approval",
        priority: 55,
      }),
      policy("5e470000-0000-4000-8000-000000000160", {
        name: "Require approval for high+ risk",
        tool: "github",
        actionPattern: "*",
        conditions: { minRiskLevel: "high" },
        mode: "require_approval",
        priority: 60,
      }),
      policy("5e470000-0000-4000-8000-000000000170", {
        name: "Review MCP writes",
        tool: "mcp",
        actionPattern: "*",
        conditions: { minRiskLevel: "medium", maxRiskLevel: "medium" },
        mode: "require_approval",
        priority: 70,
      }),
      policy("5e470000-0000-4000-8000-000000000200", {
        name: "Block deletes",
        tool: "mcp",
        actionPattern: "*",
        toolNamePattern: "delete_*",
        mode: "block",
        priority: 200,
      }),
      policy("5e470000-0000-4000-8000-000000000900", {
        name: "Allow everything else",
        tool: "*",
        actionPattern: "*",
        mode: "allow",
        priority: 900,
      }),
    ],
    toolConnections: [
      {
        workspaceId,
        tool: "github" as const,
        paused: false,
        config: {
          access_token: "gho_demo_access_token_never_leaves_the_mock",
          repos: ["acme/demo"],
          webhook_secret: "demo-github-webhook-secret",
          base_url: null,
        },
      },
      {
        workspaceId,
        tool: "linear" as const,
        paused: false,
        config: {
          access_token: "lin_oauth_demo_access_token",
          organization_id: "acme-demo-org",
          team_id: null,
          webhook_secret: "demo-linear-webhook-secret",
          base_url: null,
        },
      },
      {
        workspaceId,
        tool: "mcp" as const,
        paused: false,
        mcpServerUrl: null,
        mcpAuthType: "bearer" as const,
        mcpTransport: "http" as const,
        config: { access_token: null },
      },
    ],
    agents: [{ workspaceId, id: "5e470000-0000-4000-8000-0000000000c1", name: "my-coding-agent" }],
  };
}

interface DemoPolicyFields {
  name: string;
  tool: "github" | "linear" | "mcp" | "*";
  actionPattern: string;
  mode: "allow" | "block" | "require_approval";
  priority: number;
  conditions?: Record<string, unknown>;
  toolNamePattern?: string;
}

function policy(id: string, fields: DemoPolicyFields) {
  return {
    id,
    workspaceId: DEMO_WORKSPACE_ID,
    name: fields.name,
    tool: fields.tool,
    actionPattern: fields.actionPattern,
    resourceType: null,
    riskLevel: null,
    mode: fields.mode,
    conditions: fields.conditions ?? {},
    priority: fields.priority,
    enabled: true,
    toolName: null,
    toolNamePattern: fields.toolNamePattern ?? null,
  };
}
