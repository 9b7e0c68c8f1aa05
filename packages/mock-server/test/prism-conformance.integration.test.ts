import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSecretsInState } from "./helpers/expect-no-secrets-in-state.js";
import { loadOpenApiContract, type OpenApiContract } from "./helpers/load-openapi-contract.js";
import { type PrismProxy, startPrismProxy } from "./helpers/start-prism-proxy.js";
import { type SeededWorkspace, startTestServer, type TestServer } from "./helpers/start-test-server.js";
import { type PrismRoutableSpec, writePrismRoutableSpec } from "./helpers/write-prism-routable-spec.js";

/**
 * Conformance of the mock to `openapi/sentrail.openapi.yaml`, checked by Stoplight Prism in proxy mode.
 *
 * - `strict` runs `prism proxy … --errors`: request-valid traffic for every operation and decision. Any
 *   response that breaks the document comes back as Prism's own `application/problem+json` error.
 * - `lenient` runs `prism proxy …` without `--errors`, for requests that are invalid on purpose (they
 *   exist to get the mock's 400/401 answers); Prism still forwards them, and reports every response
 *   violation in `sl-violations`, which must hold none located in the response.
 * - Prism's router matches one template segment per path segment, so it cannot route a multi-segment
 *   `{path}` (`/gateway-proxy/github/repos/o/r/issues`) against `/gateway-proxy/{tool}/{path}`. Both
 *   Prisms therefore read a copy of the document that also declares the gateway path item with 2 to 10
 *   segments (`writePrismRoutableSpec`; same operations and schemas), and every gateway call is sent
 *   with its real slashes: no request in this suite percent-encodes a slash (`send` refuses `%2F`), so
 *   no result depends on how an encoded path is read (issue 17 item 7). The same multi-segment calls
 *   are also sent straight to the mock and validated with the document's schemas (ajv).
 * - Prism only warns about undocumented status codes, so every status seen, through either route, is
 *   finally checked against the operation's declared responses.
 */

const SPEC = fileURLToPath(new URL("../../../openapi/sentrail.openapi.yaml", import.meta.url));

let server: TestServer;
let strict: PrismProxy;
let lenient: PrismProxy;
let contract: OpenApiContract;
let routable: PrismRoutableSpec;
let main: SeededWorkspace;
let unconnected: SeededWorkspace;
let killed: SeededWorkspace;

/** Every answer seen, for the documented-status check. */
const observed: Array<{ method: string; path: string; status: number; route: string }> = [];

interface Sent {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field.
  body: any;
  violations: Array<{ location: string[]; message: string }>;
}

async function send(
  origin: string,
  route: string,
  method: string,
  path: string,
  options: { bearer?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Sent> {
  // Real multi-segment paths only: an encoded slash would test how the mock reads encodings, not the API.
  expect(path.split("?")[0], `${method} ${path}`).not.toMatch(/%2F/i);
  const headers: Record<string, string> = { ...options.headers };
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${origin}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    // SSE and other text answers stay text.
  }
  const violationHeader = response.headers.get("sl-violations");
  observed.push({
    method,
    path: decodeURIComponent(path.split("?")[0] ?? path),
    status: response.status,
    route,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    violations: violationHeader ? JSON.parse(violationHeader) : [],
  };
}

/** Through `prism proxy --errors`: the request must be valid, and so must the answer. */
async function viaStrict(method: string, path: string, options?: Parameters<typeof send>[4]): Promise<Sent> {
  const sent = await send(strict.origin, "strict", method, path, options);
  expect(
    sent.headers.get("content-type") ?? "",
    `${method} ${path}: Prism answered ${JSON.stringify(sent.body)}`,
  ).not.toContain("application/problem+json");
  expect(sent.violations, `${method} ${path}`).toEqual([]);
  return sent;
}

/** Through `prism proxy` without `--errors`: the request may be invalid on purpose; the answer may not. */
async function viaLenient(method: string, path: string, options?: Parameters<typeof send>[4]): Promise<Sent> {
  const sent = await send(lenient.origin, "lenient", method, path, options);
  expect(sent.headers.get("content-type") ?? "").not.toContain("application/problem+json");
  const responseViolations = sent.violations.filter((violation) => violation.location[0] === "response");
  expect(responseViolations, `${method} ${path}`).toEqual([]);
  return sent;
}

/** Straight to the mock (for what Prism cannot route), validated against the document with ajv. */
async function direct(method: string, path: string, options?: Parameters<typeof send>[4]): Promise<Sent> {
  const sent = await send(server.baseUrl, "direct", method, path, options);
  if (contract.findOperation(method, path)?.operation) {
    expect(
      contract.validateResponse(method, path, sent.status, sent.headers, sent.body),
      `${method} ${path}`,
    ).toEqual([]);
  }
  return sent;
}

function rpc(message: Record<string, unknown>) {
  return { jsonrpc: "2.0", ...message };
}

beforeAll(async () => {
  server = await startTestServer();
  contract = loadOpenApiContract(SPEC);
  routable = writePrismRoutableSpec(SPEC, { maxSegments: 10 });
  [strict, lenient] = await Promise.all([
    startPrismProxy(routable.path, server.baseUrl, { errors: true }),
    startPrismProxy(routable.path, server.baseUrl, { errors: false }),
  ]);
  main = await server.seedWorkspace({
    policies: [
      {
        name: "Block file deletes",
        tool: "github",
        actionPattern: "file.delete",
        mode: "block",
        priority: 40,
      },
      {
        name: "Require approval for PRs",
        tool: "github",
        actionPattern: "pull_request.*",
        mode: "require_approval",
        priority: 50,
      },
      {
        name: "Require approval for high+ risk",
        tool: "github",
        actionPattern: "*",
        conditions: { minRiskLevel: "high" },
        mode: "require_approval",
        priority: 60,
      },
      {
        name: "Review MCP writes",
        tool: "mcp",
        actionPattern: "create_*",
        mode: "require_approval",
        priority: 60,
      },
      {
        name: "Review internal deploys",
        tool: "internal_api",
        actionPattern: "*",
        mode: "require_approval",
        priority: 70,
      },
      {
        name: "Block deletes",
        tool: "mcp",
        actionPattern: "*",
        toolNamePattern: "delete_*",
        mode: "block",
        priority: 100,
      },
      {
        name: "Block Linear deletes",
        tool: "linear",
        actionPattern: "issue.delete",
        mode: "block",
        priority: 100,
      },
      { name: "Block notion", tool: "notion", actionPattern: "*", mode: "block", priority: 100 },
      { name: "Allow everything else", tool: "*", actionPattern: "*", mode: "allow", priority: 900 },
    ],
  });
  unconnected = await server.seedWorkspace({
    github: false,
    mcp: false,
    settings: { unmatchedDecision: "allow" },
  });
  killed = await server.seedWorkspace({ settings: { unmatchedDecision: "allow" } });
  await server.call("POST", "/kill-switch", {
    bearer: killed.tokens.admin,
    body: { workspaceId: killed.workspaceId, action: "enable" },
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([strict?.close(), lenient?.close()]);
  routable?.remove();
  await server?.close();
});

describe("through prism proxy --errors", () => {
  it("evaluate-action: allow, block, require_approval, 401", async () => {
    const evaluate = (body: Record<string, unknown>) =>
      viaStrict("POST", "/evaluate-action", { bearer: main.keys.evaluate, body });
    expect(
      (
        await evaluate({
          tool: "slack",
          action: "message.post",
          riskLevel: "low",
          agentId: "bot",
          payload: { a: 1 },
        })
      ).body.decision,
    ).toBe("allow");
    expect((await evaluate({ tool: "notion", action: "page.delete", riskLevel: "high" })).body.decision).toBe(
      "block",
    );
    const pending = await evaluate({ tool: "internal_api", action: "deploy", riskLevel: "critical" });
    expect(pending.body.decision).toBe("require_approval");
    expect(
      (await evaluate({ tool: "github", action: "pull_request.create", riskLevel: "low" })).body
        .risk_classification,
    ).toBe("server_classified");
    const unauthorized = await viaStrict("POST", "/evaluate-action", {
      bearer: `agk_${"0".repeat(40)}`,
      body: { tool: "mcp", action: "x", riskLevel: "low" },
    });
    expect(unauthorized.status).toBe(401);

    const poll = await viaStrict("GET", `/gateway-proxy/status/${pending.body.correlationId}`, {
      bearer: main.keys.gateway,
    });
    expect(poll.body.status).toBe("pending");
    await viaStrict("POST", "/approval-decision", {
      bearer: main.tokens.reviewer,
      body: { approvalRequestId: pending.body.approvalRequestId, decision: "approved" },
    });
    expect(
      (
        await viaStrict("GET", `/gateway-proxy/status/${pending.body.correlationId}`, {
          bearer: main.keys.mcp,
        })
      ).body.status,
    ).toBe("approved");
    const missing = await viaStrict("GET", "/gateway-proxy/status/00000000-0000-4000-8000-000000000000", {
      bearer: main.keys.evaluate,
    });
    expect(missing.status).toBe(404);
  });

  it("gateway-proxy: allow, block, require_approval, kill switch, errors", async () => {
    const query = await viaStrict("POST", "/gateway-proxy/linear/graphql", {
      bearer: main.keys.gateway,
      body: { query: "query { viewer { id name } }" },
    });
    expect(query.status).toBe(200);
    const created = await viaStrict("POST", "/gateway-proxy/linear/graphql", {
      bearer: main.keys.gateway,
      body: {
        query: "mutation($input: IssueCreateInput!) { issueCreate(input: $input) { success } }",
        variables: { input: { title: "x" } },
      },
    });
    expect(created.body).toEqual({ data: { issueCreate: { success: true } } });
    const blocked = await viaStrict("POST", "/gateway-proxy/linear/graphql", {
      bearer: main.keys.gateway,
      body: {
        query: "mutation($id: String!) { issueDelete(id: $id) { success } }",
        variables: { id: "ISSUE-1" },
      },
      headers: { "x-agent-id": "my-coding-agent" },
    });
    expect(blocked.status).toBe(403);
    expect((await viaStrict("GET", "/gateway-proxy/github/user", { bearer: main.keys.gateway })).status).toBe(
      200,
    );

    const repo = main.repo;
    const pull = await viaStrict("POST", `/gateway-proxy/github/repos/${repo}/pulls`, {
      bearer: main.keys.gateway,
      body: { title: "Multi-segment", head: "x", base: "main" },
    });
    expect(pull.status).toBe(202);
    // The fake GitHub's create shape, not an echo: the path reached it as the issues collection.
    const issue = await viaStrict("POST", `/gateway-proxy/github/repos/${repo}/issues`, {
      bearer: main.keys.gateway,
      body: { title: "Multi-segment" },
    });
    expect(issue.status).toBe(201);
    expect(issue.body).toMatchObject({
      number: expect.any(Number),
      html_url: expect.stringContaining(`/${repo}/issues/`),
    });

    const stopped = await viaStrict("GET", "/gateway-proxy/github/user", { bearer: killed.keys.gateway });
    expect(stopped.status).toBe(403);
    const notConnected = await viaStrict("GET", "/gateway-proxy/github/user", {
      bearer: unconnected.keys.gateway,
    });
    expect(notConnected.status).toBe(400);
    await server.scriptUpstream({ tool: "github", networkError: true });
    expect((await viaStrict("GET", "/gateway-proxy/github/user", { bearer: main.keys.gateway })).status).toBe(
      502,
    );
    await server.scriptUpstream({ tool: "linear", status: 422, body: { errors: [{ message: "bad" }] } });
    const passedThrough = await viaStrict("POST", "/gateway-proxy/linear/graphql", {
      bearer: main.keys.gateway,
      body: { query: "query { viewer { id } }" },
    });
    expect(passedThrough.status).toBe(422);
    const unauthorized = await viaStrict("GET", "/gateway-proxy/github/user", { bearer: main.keys.evaluate });
    expect(unauthorized.status).toBe(401);
  });

  it("mcp-gate: lifecycle, tools/list, every tools/call outcome, 424, SSE", async () => {
    const call = (message: Record<string, unknown>, headers?: Record<string, string>) =>
      viaStrict("POST", "/mcp-gate/sse", { bearer: main.keys.mcp, body: rpc(message), headers });
    expect(
      (
        await call({
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2024-11-05",
            capabilities: {},
            clientInfo: { name: "t", version: "1" },
          },
        })
      ).status,
    ).toBe(200);
    expect((await call({ method: "notifications/initialized" })).status).toBe(202);
    expect((await call({ id: 2, method: "ping" })).body.result).toEqual({});
    expect((await call({ id: 3, method: "tools/list" })).body.result.tools).toHaveLength(4);
    expect(
      (await call({ id: 4, method: "tools/call", params: { name: "get_issue", arguments: { number: 1 } } }))
        .body.result,
    ).toBeDefined();
    expect(
      (
        await call({
          id: 5,
          method: "tools/call",
          params: { name: "delete_issue", arguments: { number: 1 } },
        })
      ).body.error.code,
    ).toBe(-32001);
    const pending = await call({
      id: 6,
      method: "tools/call",
      params: { name: "create_issue", arguments: { title: "x" } },
    });
    expect(pending.body.result._meta.sentrail.status).toBe("require_approval");
    const sse = await call({ id: 8, method: "ping" }, { accept: "text/event-stream" });
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const noServer = await viaStrict("POST", "/mcp-gate/sse", {
      bearer: unconnected.keys.mcp,
      body: rpc({ id: 9, method: "tools/list" }),
    });
    expect(noServer.status).toBe(424);

    const approved = await viaStrict("POST", "/approval-decision", {
      bearer: main.tokens.reviewer,
      body: {
        approvalRequestId: pending.body.result._meta.sentrail.approvalRequestId,
        decision: "approved",
        reason: "ok",
      },
    });
    expect(approved.body.status).toBe("executed");
  });

  it("approval-decision: executed, failed, denied, 409, 404, 403, 401", async () => {
    const queue = async (title: string) =>
      (
        await server.call("POST", `/gateway-proxy/github/repos/${main.repo}/pulls`, {
          bearer: main.keys.gateway,
          body: { title, head: "x", base: "main" },
        })
      ).body.approvalRequestId as string;
    const decide = (token: string, approvalRequestId: string, decision: string) =>
      viaStrict("POST", "/approval-decision", { bearer: token, body: { approvalRequestId, decision } });

    const executed = await queue("Executed");
    expect((await decide(main.tokens.reviewer, executed, "approved")).body.status).toBe("executed");
    expect((await decide(main.tokens.reviewer, executed, "denied")).status).toBe(409);
    const failed = await queue("Failed");
    await server.scriptUpstream({ tool: "github", status: 500, body: { message: "boom" } });
    expect((await decide(main.tokens.admin, failed, "approved")).body.status).toBe("failed");
    const denied = await queue("Denied");
    expect((await decide(main.tokens.owner, denied, "denied")).body.status).toBe("denied");
    const crashed = await queue("Crashed");
    await server.scriptUpstream({ tool: "github", networkError: true });
    expect((await decide(main.tokens.owner, crashed, "approved")).status).toBe(500);
    expect(
      (await decide(main.tokens.reviewer, "00000000-0000-4000-8000-000000000000", "approved")).status,
    ).toBe(404);
    expect((await decide(main.tokens.member, await queue("Member"), "approved")).status).toBe(403);
    expect((await decide("not-a-jwt", denied, "approved")).status).toBe(401);
  });

  it("kill-switch and manage-api-keys", async () => {
    const workspace = await server.seedWorkspace();
    const kill = (token: string, body: Record<string, unknown>) =>
      viaStrict("POST", "/kill-switch", {
        bearer: token,
        body: { workspaceId: workspace.workspaceId, ...body },
      });
    for (const body of [
      { action: "enable" },
      { action: "disable" },
      { action: "pause_tool", tool: "github" },
      { action: "resume_tool", tool: "github" },
    ]) {
      expect((await kill(workspace.tokens.admin, body)).body).toEqual({ ok: true });
    }
    expect((await kill(workspace.tokens.reviewer, { action: "enable" })).status).toBe(403);
    expect((await kill(workspace.keys.all, { action: "enable" })).status).toBe(401);

    const keys = (token: string, body: Record<string, unknown>) =>
      viaStrict("POST", "/manage-api-keys", {
        bearer: token,
        body: { workspaceId: workspace.workspaceId, ...body },
      });
    const created = await keys(workspace.tokens.admin, {
      action: "create",
      name: "ci",
      scopes: ["evaluate", "gateway"],
      expiresInDays: 30,
    });
    server.secrets.push(created.body.key);
    expect(created.body.apiKey.keyPrefix).toBe(created.body.key.slice(0, 8));
    expect((await keys(workspace.tokens.admin, { action: "list" })).body.apiKeys.length).toBeGreaterThan(0);
    const rotated = await keys(workspace.tokens.owner, { action: "rotate", keyId: created.body.apiKey.id });
    server.secrets.push(rotated.body.key);
    expect(
      (await keys(workspace.tokens.owner, { action: "revoke", keyId: rotated.body.apiKey.id })).body,
    ).toEqual({ ok: true });
    expect(
      (
        await keys(workspace.tokens.owner, {
          action: "revoke",
          keyId: "00000000-0000-4000-8000-000000000000",
        })
      ).status,
    ).toBe(404);
    expect((await keys(workspace.tokens.reviewer, { action: "list" })).status).toBe(403);
  });

  it("webhooks: processed, unmatched, ping, bad signature, old timestamp", async () => {
    const github = (event: string, payload: unknown, secret = main.githubWebhookSecret) => {
      const body = JSON.stringify(payload);
      return viaStrict("POST", "/webhook-github", {
        body,
        headers: {
          "x-github-event": event,
          "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        },
      });
    };
    expect(
      (await github("issues", { action: "opened", repository: { full_name: main.repo } })).body.processed,
    ).toBe(true);
    expect(
      (await github("issues", { action: "opened", repository: { full_name: "no/body" } })).body.processed,
    ).toBe(false);
    expect((await github("ping", { zen: "x", repository: { full_name: main.repo } })).body.processed).toBe(
      false,
    );
    expect(
      (await github("issues", { action: "opened", repository: { full_name: main.repo } }, "wrong")).status,
    ).toBe(401);

    const now = Date.parse((await server.state()).now);
    const linear = (timestamp: number) => {
      const body = JSON.stringify({
        action: "create",
        type: "Issue",
        organizationId: main.linearOrganizationId,
        data: { id: "i", teamId: "t" },
        webhookTimestamp: timestamp,
      });
      return viaStrict("POST", "/webhook-linear", {
        body,
        headers: {
          "linear-signature": createHmac("sha256", main.linearWebhookSecret).update(body).digest("hex"),
        },
      });
    };
    expect((await linear(now)).body.processed).toBe(true);
    expect((await linear(now - 3_600_000)).status).toBe(401);
  });
});

describe("through prism proxy (no --errors), requests invalid on purpose", () => {
  it("evaluate-action 400 and 401 answers match the document", async () => {
    for (const body of [
      { tool: "jira", action: "x", riskLevel: "low" },
      { tool: "mcp", action: "", riskLevel: "low" },
      { tool: "mcp", action: "x" },
      { tool: "mcp", action: "x", riskLevel: "low", payload: [1] },
      "{nope",
    ]) {
      expect(
        (await viaLenient("POST", "/evaluate-action", { bearer: main.keys.evaluate, body })).status,
      ).toBe(400);
    }
    expect(
      (await viaLenient("POST", "/evaluate-action", { body: { tool: "mcp", action: "x", riskLevel: "low" } }))
        .status,
    ).toBe(401);
  });

  it("gateway-proxy, mcp-gate, approval-decision, kill-switch and webhook errors match the document", async () => {
    expect(
      (
        await viaLenient("POST", "/gateway-proxy/slack/chat.postMessage", {
          bearer: main.keys.gateway,
          body: {},
        })
      ).status,
    ).toBe(400);
    expect((await viaLenient("GET", "/gateway-proxy/github/user")).status).toBe(401);
    expect(
      (
        await viaLenient("POST", "/gateway-proxy/linear/graphql", {
          bearer: main.keys.gateway,
          body: "{nope",
        })
      ).status,
    ).toBe(400);
    const mcp = (body: unknown) => viaLenient("POST", "/mcp-gate/sse", { bearer: main.keys.mcp, body });
    expect((await mcp("{nope")).status).toBe(400);
    expect((await mcp([rpc({ id: 1, method: "ping" })])).body.error.code).toBe(-32600);
    expect((await mcp(rpc({ id: 2, method: "tools/call", params: {} }))).body.error.code).toBe(-32602);
    // The request schema lists the allowed methods, so a method outside it is request-invalid by design.
    expect((await mcp(rpc({ id: 4, method: "resources/list" }))).body.error.code).toBe(-32601);
    expect((await viaLenient("POST", "/mcp-gate/sse", { body: rpc({ id: 3, method: "ping" }) })).status).toBe(
      401,
    );
    for (const body of [
      { approvalRequestId: "nope", decision: "approved" },
      { approvalRequestId: "00000000-0000-4000-8000-000000000000", decision: "maybe" },
    ]) {
      expect(
        (await viaLenient("POST", "/approval-decision", { bearer: main.tokens.reviewer, body })).status,
      ).toBe(400);
    }
    expect(
      (
        await viaLenient("POST", "/approval-decision", {
          body: { approvalRequestId: "x", decision: "approved" },
        })
      ).status,
    ).toBe(401);
    for (const body of [
      { workspaceId: main.workspaceId, action: "explode" },
      { workspaceId: main.workspaceId, action: "pause_tool" },
      { action: "enable" },
    ]) {
      expect((await viaLenient("POST", "/kill-switch", { bearer: main.tokens.admin, body })).status).toBe(
        400,
      );
    }
    expect(
      (
        await viaLenient("POST", "/manage-api-keys", {
          bearer: main.tokens.admin,
          body: { workspaceId: main.workspaceId, action: "create", scopes: [] },
        })
      ).status,
    ).toBe(400);
    const unsigned = await viaLenient("POST", "/webhook-github", {
      body: { action: "opened", repository: { full_name: main.repo } },
      headers: { "x-github-event": "issues" },
    });
    expect(unsigned.status).toBe(401);
  });
});

describe("multi-segment gateway paths, through prism proxy --errors and straight to the mock", () => {
  it("answer what the gateway operations document, by either route", async () => {
    const repo = main.repo;
    const cases = [
      ["GET", `repos/${repo}/issues`, undefined, 200],
      ["POST", `repos/${repo}/issues`, { title: "Direct" }, 201],
      ["PATCH", `repos/${repo}/issues/1`, { state: "closed" }, 200],
      ["POST", `repos/${repo}/pulls`, { title: "Direct" }, 202],
      ["PUT", `repos/${repo}/pulls/1/merge`, {}, 202],
      ["PUT", `repos/${repo}/contents/a.md`, { content: "eA==" }, 202],
      ["DELETE", `repos/${repo}/contents/a.md`, { sha: "x" }, 403],
      ["DELETE", `repos/${repo}`, undefined, 202],
      ["DELETE", `repos/${repo}/git/refs/heads/old`, undefined, 202],
    ] as const;
    for (const route of [viaStrict, direct]) {
      for (const [method, path, body, status] of cases) {
        const answer = await route(method, `/gateway-proxy/github/${path}`, {
          bearer: main.keys.gateway,
          body,
        });
        expect(answer.status, `${route.name} ${method} ${path}`).toBe(status);
      }
      expect((await route("GET", "/gateway-proxy/github/user", { bearer: main.keys.gateway })).status).toBe(
        200,
      );
      // A path GitHub has no route for is GitHub's 404, forwarded (the gateway documents any upstream status).
      expect((await route("GET", "/gateway-proxy/github/repos", { bearer: main.keys.gateway })).status).toBe(
        404,
      );
    }
  });
});

describe("straight to the mock, for what Prism cannot route", () => {
  it("every function answers 405 to a method it does not define, as documented", async () => {
    for (const [method, path] of [
      ["GET", "/evaluate-action"],
      ["GET", "/mcp-gate/sse"],
      ["PUT", "/mcp-gate/sse"],
      ["GET", "/approval-decision"],
      ["GET", "/kill-switch"],
      ["GET", "/manage-api-keys"],
      ["GET", "/webhook-github"],
      ["GET", "/webhook-linear"],
      ["POST", "/gateway-proxy/status/00000000-0000-4000-8000-000000000000"],
      ["PROPFIND", "/gateway-proxy/github/user"],
    ] as const) {
      const answer = await direct(method, path, { bearer: main.keys.all });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.body).toEqual({ ok: false, error: "Method not allowed" });
    }
  });
});

describe("the whole exchange", () => {
  it("only ever answered status codes the document declares for the operation", () => {
    const undocumented = observed.filter(
      ({ method, path, status }) => !contract.isDocumented(method, path, status),
    );
    expect(undocumented).toEqual([]);
    expect(observed.length).toBeGreaterThan(80);
  });

  it("made Prism log no response violation, and --errors no violation at all", () => {
    expect(lenient.output.filter((line) => /Violation: response/.test(line))).toEqual([]);
    expect(strict.output.filter((line) => /Violation/.test(line))).toEqual([]);
  });

  it("leaves no API key or access token in /__mock/state", async () => {
    await expectNoSecretsInState(server);
  });
});
