import { randomBytes, randomUUID } from "node:crypto";
import { startMockServer } from "../../src/node.js";

/** One HTTP exchange, body parsed as JSON when it is JSON. */
export interface Exchange {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON, or null for an empty body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers field by field.
  body: any;
  text: string;
}

/** How a test request authenticates. */
export interface CallOptions {
  /** `Authorization: Bearer <key>` (an `agk_` key or a user JWT). */
  bearer?: string;
  /** JSON-encoded unless it is a string or bytes (sent as they are). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A seeded workspace with a credential for every case the tests need. */
export interface SeededWorkspace {
  workspaceId: string;
  keys: {
    /** `evaluate`, `gateway`, `mcp`. */
    all: string;
    evaluate: string;
    gateway: string;
    mcp: string;
    revoked: string;
    /** Expires one hour after seeding (advance the clock to expire it). */
    expiring: string;
  };
  users: { owner: string; admin: string; reviewer: string; member: string };
  tokens: { owner: string; admin: string; reviewer: string; member: string };
  policyIds: string[];
  /** Every secret this seed put into the mock (keys, tool tokens, webhook secrets), for the secret scan. */
  secrets: string[];
  githubWebhookSecret: string;
  linearWebhookSecret: string;
  linearOrganizationId: string;
  repo: string;
}

/** What {@link TestServer.seedWorkspace} may vary. */
export interface WorkspaceSeedOptions {
  policies?: Array<Record<string, unknown>>;
  settings?: Record<string, unknown>;
  /** `false` leaves the connection out; an object is merged into the connection's `config`. */
  github?: false | Record<string, unknown>;
  linear?: false | Record<string, unknown>;
  /** `false` leaves the MCP connection out; `{ url }` points it at a real MCP server. */
  mcp?: false | { url?: string | null; authType?: "bearer" | "token"; accessToken?: string | null };
  agents?: string[];
  slackWebhookUrl?: string | null;
}

/** A mock server for one test file, with the control plane and seeding at hand. */
export interface TestServer {
  origin: string;
  baseUrl: string;
  close(): Promise<void>;
  /** A request to `${baseUrl}${path}` (or `${origin}${path}` for `/__mock/...`). */
  call(method: string, path: string, options?: CallOptions): Promise<Exchange>;
  /** Seeds a fresh workspace (additive: other tests' workspaces stay). */
  seedWorkspace(options?: WorkspaceSeedOptions): Promise<SeededWorkspace>;
  // biome-ignore lint/suspicious/noExplicitAny: /__mock/state rows are read field by field.
  state(): Promise<any>;
  advanceClock(ms: number): Promise<string>;
  scriptUpstream(script: Record<string, unknown>): Promise<void>;
  fault(fault: Record<string, unknown>): Promise<void>;
  /** Every secret any seed of this server put in, for {@link expectNoSecretsInState}. */
  secrets: string[];
}

/** A fresh `agk_` key: `agk_` + 40 lowercase hex characters (contract §3.2). */
export function newApiKey(): string {
  return `agk_${randomBytes(20).toString("hex")}`;
}

/**
 * Starts the real HTTP server (`startMockServer`) on a free loopback port for one test file.
 *
 * @example
 * const server = await startTestServer();
 * const workspace = await server.seedWorkspace();
 * await server.call("POST", "/evaluate-action", { bearer: workspace.keys.all, body: { ... } });
 */
export async function startTestServer(): Promise<TestServer> {
  const running = await startMockServer({ port: 0, host: "127.0.0.1" });
  const secrets: string[] = [];

  async function call(method: string, path: string, options: CallOptions = {}): Promise<Exchange> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    let body: BodyInit | undefined;
    if (options.body !== undefined) {
      if (typeof options.body === "string" || options.body instanceof Uint8Array) {
        body = options.body as BodyInit;
      } else {
        body = JSON.stringify(options.body);
      }
      headers["content-type"] ??= "application/json";
    }
    const url = path.startsWith("/__mock/") ? `${running.origin}${path}` : `${running.baseUrl}${path}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  async function control(path: string, body?: unknown) {
    const exchange = await call(body === undefined ? "GET" : "POST", `/__mock/${path}`, { body });
    if (exchange.status !== 200) {
      throw new Error(`/__mock/${path} answered ${exchange.status}: ${exchange.text}`);
    }
    return exchange.body;
  }

  async function seedWorkspace(options: WorkspaceSeedOptions = {}): Promise<SeededWorkspace> {
    const workspaceId = randomUUID();
    const users = { owner: randomUUID(), admin: randomUUID(), reviewer: randomUUID(), member: randomUUID() };
    const keys = {
      all: newApiKey(),
      evaluate: newApiKey(),
      gateway: newApiKey(),
      mcp: newApiKey(),
      revoked: newApiKey(),
      expiring: newApiKey(),
    };
    const now = (await control("state")).now as string;
    const repo = `acme-${workspaceId.slice(0, 8)}/app`;
    const githubWebhookSecret = `gh-hook-${randomBytes(8).toString("hex")}`;
    const linearWebhookSecret = `lin-hook-${randomBytes(8).toString("hex")}`;
    const linearOrganizationId = `org-${workspaceId.slice(0, 8)}`;
    const githubToken = `gho_${randomBytes(12).toString("hex")}`;
    const linearToken = `lin_oauth_${randomBytes(12).toString("hex")}`;
    const mcpToken = options.mcp && options.mcp.accessToken !== undefined ? options.mcp.accessToken : null;
    const key = (value: string, name: string, scopes: string[], extra: Record<string, unknown> = {}) => ({
      workspaceId,
      key: value,
      name,
      scopes,
      expiresAt: null,
      revoked: false,
      ...extra,
    });
    const toolConnections: Array<Record<string, unknown>> = [];
    if (options.github !== false) {
      toolConnections.push({
        workspaceId,
        tool: "github",
        paused: false,
        config: {
          access_token: githubToken,
          repos: [repo],
          webhook_secret: githubWebhookSecret,
          base_url: null,
          ...(options.github ?? {}),
        },
      });
    }
    if (options.linear !== false) {
      toolConnections.push({
        workspaceId,
        tool: "linear",
        paused: false,
        config: {
          access_token: linearToken,
          organization_id: linearOrganizationId,
          team_id: null,
          webhook_secret: linearWebhookSecret,
          base_url: null,
          ...(options.linear ?? {}),
        },
      });
    }
    if (options.mcp !== false) {
      toolConnections.push({
        workspaceId,
        tool: "mcp",
        paused: false,
        mcpServerUrl: options.mcp?.url ?? null,
        mcpAuthType: options.mcp?.authType ?? "bearer",
        mcpTransport: "http",
        config: { access_token: mcpToken },
      });
    }
    const seed = {
      workspaces: [
        {
          id: workspaceId,
          name: `Workspace ${workspaceId.slice(0, 8)}`,
          environment: "test",
          settings: {
            unmatchedDecision: "require_approval",
            approvalTtlHours: 24,
            requireRegisteredAgents: false,
            ...options.settings,
          },
          slackWebhookUrl: options.slackWebhookUrl ?? null,
          notificationEmails: ["alerts@example.com"],
        },
      ],
      members: [
        { workspaceId, userId: users.owner, role: "owner", email: "owner@example.com" },
        { workspaceId, userId: users.admin, role: "admin", email: "admin@example.com" },
        { workspaceId, userId: users.reviewer, role: "reviewer", email: "reviewer@example.com" },
        { workspaceId, userId: users.member, role: "member", email: "member@example.com" },
      ],
      apiKeys: [
        key(keys.all, "all", ["evaluate", "gateway", "mcp"]),
        key(keys.evaluate, "evaluate", ["evaluate"]),
        key(keys.gateway, "gateway", ["gateway"]),
        key(keys.mcp, "mcp", ["mcp"]),
        key(keys.revoked, "revoked", ["evaluate", "gateway", "mcp"], { revoked: true }),
        key(keys.expiring, "expiring", ["evaluate", "gateway", "mcp"], {
          expiresAt: new Date(Date.parse(now) + 3_600_000).toISOString(),
        }),
      ],
      policies: (options.policies ?? []).map((policy) => ({
        workspaceId,
        resourceType: null,
        riskLevel: null,
        conditions: {},
        enabled: true,
        toolName: null,
        toolNamePattern: null,
        ...policy,
      })),
      toolConnections,
      agents: (options.agents ?? []).map((name) => ({ workspaceId, name })),
    };
    const answer = await control("seed", seed);
    const tokens = {
      owner: answer.tokens[users.owner] as string,
      admin: answer.tokens[users.admin] as string,
      reviewer: answer.tokens[users.reviewer] as string,
      member: answer.tokens[users.member] as string,
    };
    const seededSecrets = [
      ...Object.values(keys),
      githubToken,
      linearToken,
      ...(mcpToken ? [mcpToken] : []),
      githubWebhookSecret,
      linearWebhookSecret,
      ...Object.values(tokens),
    ];
    secrets.push(...seededSecrets);
    return {
      workspaceId,
      keys,
      users,
      tokens,
      policyIds: answer.policyIds as string[],
      secrets: seededSecrets,
      githubWebhookSecret,
      linearWebhookSecret,
      linearOrganizationId,
      repo,
    };
  }

  return {
    origin: running.origin,
    baseUrl: running.baseUrl,
    close: () => running.close(),
    call,
    seedWorkspace,
    state: () => control("state"),
    advanceClock: async (ms) => (await control("clock", { advanceMs: ms })).now as string,
    scriptUpstream: async (script) => {
      await control("upstream", script);
    },
    fault: async (fault) => {
      await control("faults", fault);
    },
    secrets,
  };
}
