import { createSentrailEngine, type SentrailEngine } from "../engine/create-sentrail-engine.js";
import { generateApiKey } from "../engine/generate-api-key.js";
import { createMockClock } from "../engine/mock-clock.js";
import type { SeedPolicy, SeedToolConnection, SeedWorkspace } from "../engine/seed-types.js";
import { createFakeDispatcher, type FakeDispatcher } from "./create-fake-dispatcher.js";
import { createMockControl, type MockControl } from "./create-mock-control.js";
import { createSentrailRouter } from "./create-sentrail-router.js";
import { createFaultQueue } from "./fault-queue.js";

/** A seeded workspace with a key per scope and a token per role. */
export interface SeededTestWorkspace {
  workspaceId: string;
  policyIds: string[];
  keys: { all: string; evaluate: string; gateway: string; mcp: string };
  users: { owner: string; admin: string; reviewer: string; member: string };
  tokens: { owner: string; admin: string; reviewer: string; member: string };
}

/** What one call answered. */
export interface TestCallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted field by field.
  body: any;
}

/** Options of a test call. */
export interface TestCallOptions {
  bearer?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Everything a handler test needs. */
export interface HandlerTestKit {
  engine: SentrailEngine;
  control: MockControl;
  upstream: FakeDispatcher;
  handle(request: Request): Promise<Response>;
  /** Calls `/functions/v1<path>` (or `/__mock/...` when the path starts with it). */
  call(method: string, path: string, options?: TestCallOptions): Promise<TestCallResult>;
  seedWorkspace(options?: {
    workspace?: Partial<SeedWorkspace>;
    policies?: Omit<SeedPolicy, "workspaceId">[];
    toolConnections?: Omit<SeedToolConnection, "workspaceId">[];
    agents?: string[];
  }): Promise<SeededTestWorkspace>;
}

/**
 * Builds a mock over a {@link FakeDispatcher} for handler tests, with helpers to call endpoints and
 * seed a workspace (owner, admin, reviewer and member users; one key per scope plus one with all).
 *
 * @example
 * const kit = createHandlerTestKit();
 * const ws = await kit.seedWorkspace({ policies: [{ name: "Allow", tool: "*", actionPattern: "*", mode: "allow" }] });
 * await kit.call("POST", "/evaluate-action", { bearer: ws.keys.evaluate, body: { tool: "mcp", action: "x", riskLevel: "low" } });
 */
export function createHandlerTestKit(
  options: { notificationRetryDelaysMs?: number[]; fetch?: typeof fetch } = {},
): HandlerTestKit {
  const upstream = createFakeDispatcher();
  const engine = createSentrailEngine({
    clock: createMockClock(),
    upstream,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    notificationRetryDelaysMs: options.notificationRetryDelaysMs ?? [1, 1],
  });
  const faults = createFaultQueue();
  const control = createMockControl(engine, faults);
  const handle = createSentrailRouter({ engine, faults, control });

  async function call(
    method: string,
    path: string,
    callOptions: TestCallOptions = {},
  ): Promise<TestCallResult> {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.bearer) headers.authorization = `Bearer ${callOptions.bearer}`;
    let body: string | undefined;
    if (callOptions.rawBody !== undefined) body = callOptions.rawBody;
    else if (callOptions.body !== undefined) {
      body = JSON.stringify(callOptions.body);
      headers["content-type"] ??= "application/json";
    }
    const url = path.startsWith("/__mock/")
      ? `http://mock.test${path}`
      : `http://mock.test/functions/v1${path}`;
    const response = await handle(new Request(url, { method, headers, body }));
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  return {
    engine,
    control,
    upstream,
    handle,
    call,
    async seedWorkspace(seedOptions = {}) {
      const workspaceId = crypto.randomUUID();
      const users = {
        owner: crypto.randomUUID(),
        admin: crypto.randomUUID(),
        reviewer: crypto.randomUUID(),
        member: crypto.randomUUID(),
      };
      const keys = {
        all: generateApiKey(),
        evaluate: generateApiKey(),
        gateway: generateApiKey(),
        mcp: generateApiKey(),
      };
      const result = await control.seed({
        workspaces: [{ name: "Acme", ...seedOptions.workspace, id: workspaceId }],
        members: (Object.keys(users) as Array<keyof typeof users>).map((role) => ({
          workspaceId,
          userId: users[role],
          role,
          email: `${role}@example.com`,
        })),
        apiKeys: [
          { workspaceId, key: keys.all, name: "all", scopes: ["evaluate", "gateway", "mcp"] },
          { workspaceId, key: keys.evaluate, name: "evaluate", scopes: ["evaluate"] },
          { workspaceId, key: keys.gateway, name: "gateway", scopes: ["gateway"] },
          { workspaceId, key: keys.mcp, name: "mcp", scopes: ["mcp"] },
        ],
        policies: (seedOptions.policies ?? []).map((policy) => ({ ...policy, workspaceId })),
        toolConnections: (
          seedOptions.toolConnections ?? [
            {
              tool: "github",
              config: {
                access_token: "gho_testtoken123456",
                repos: ["octo/app"],
                webhook_secret: "gh-secret",
              },
            },
            {
              tool: "linear",
              config: {
                access_token: "lin_api_testtoken123456",
                organization_id: "org-1",
                webhook_secret: "lin-secret",
              },
            },
            {
              tool: "mcp",
              mcpServerUrl: null,
              mcpAuthType: "bearer",
              config: { access_token: "mcp-token-123456" },
            },
          ]
        ).map((connection) => ({ ...connection, workspaceId })),
        agents: (seedOptions.agents ?? []).map((name) => ({ workspaceId, name })),
      });
      return {
        workspaceId,
        policyIds: result.policyIds,
        keys,
        users,
        tokens: {
          owner: result.tokens[users.owner] as string,
          admin: result.tokens[users.admin] as string,
          reviewer: result.tokens[users.reviewer] as string,
          member: result.tokens[users.member] as string,
        },
      };
    },
  };
}
