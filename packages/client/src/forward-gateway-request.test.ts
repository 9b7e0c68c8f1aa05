import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSentrailClient } from "./create-sentrail-client";
import {
  SentrailAuthenticationError,
  SentrailPermissionError,
  SentrailServerError,
  SentrailUnavailableError,
  SentrailValidationError,
} from "./sentrail-error";

const BASE = "https://abcd1234.supabase.co/functions/v1";
const KEY = `agk_${"f".repeat(40)}`;
const AUDIT = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const CORRELATION = "550e8400-e29b-41d4-a716-446655440000";
const sentrailHeaders = (decision: string) => ({
  "X-Sentrail-Decision": decision,
  "X-Sentrail-AuditLogId": AUDIT,
  "X-Sentrail-CorrelationId": CORRELATION,
});

const server = setupServer();
const seen: Request[] = [];
server.events.on("request:start", ({ request }) => {
  seen.push(request.clone());
});
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const client = () => createSentrailClient({ apiKey: KEY, baseUrl: BASE, agentId: "my-coding-agent" });

function onGitHub(respond: () => Response) {
  server.use(http.all(`${BASE}/gateway-proxy/github/*`, respond));
}

describe("gateway.github", () => {
  it("returns the tool's answer as forwarded, with the Sentrail ids", async () => {
    const issue = { id: 42, title: "Fix login bug", html_url: "https://github.com/owner/repo/issues/42" };
    onGitHub(() => HttpResponse.json(issue, { status: 201, headers: sentrailHeaders("allow") }));
    const result = await client().gateway.github({
      method: "POST",
      path: "/repos/owner/repo/issues",
      body: { title: "Fix login bug", labels: ["bug"] },
    });
    expect(result).toMatchObject({
      kind: "forwarded",
      status: 201,
      body: issue,
      auditLogId: AUDIT,
      correlationId: CORRELATION,
    });
    expect(result.kind === "forwarded" && result.headers.get("content-type")).toContain("application/json");

    const request = seen[0] as Request;
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`${BASE}/gateway-proxy/github/repos/owner/repo/issues`);
    expect(request.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(request.headers.get("x-agent-id")).toBe("my-coding-agent");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(await request.json()).toEqual({ title: "Fix login bug", labels: ["bug"] });
  });

  it.each([404, 422, 500])("returns an upstream %i as forwarded, not as a Sentrail error", async (status) => {
    onGitHub(() =>
      HttpResponse.json({ message: "Not Found" }, { status, headers: sentrailHeaders("allow") }),
    );
    await expect(
      client().gateway.github({ method: "GET", path: "repos/owner/missing" }),
    ).resolves.toMatchObject({
      kind: "forwarded",
      status,
      body: { message: "Not Found" },
    });
  });

  it("returns a 403 block as a result", async () => {
    onGitHub(() =>
      HttpResponse.json(
        {
          ok: false,
          decision: "block",
          reason: "Policy 'Block all writes' matched",
          auditLogId: AUDIT,
          correlationId: CORRELATION,
          matchedPolicyId: "b3c4d5e6-f7a8-9012-bcde-f01234567890",
        },
        { status: 403, headers: sentrailHeaders("block") },
      ),
    );
    await expect(client().gateway.github({ method: "DELETE", path: "/repos/owner/repo" })).resolves.toEqual({
      kind: "blocked",
      reason: "Policy 'Block all writes' matched",
      auditLogId: AUDIT,
      correlationId: CORRELATION,
      matchedPolicyId: "b3c4d5e6-f7a8-9012-bcde-f01234567890",
    });
  });

  it("returns a 202 as pending approval with the poll URL", async () => {
    const pollUrl = `/functions/v1/gateway-proxy/status/${CORRELATION}`;
    onGitHub(() =>
      HttpResponse.json(
        {
          ok: true,
          decision: "require_approval",
          reason: "Policy 'Require approval for PRs' matched",
          approvalRequestId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
          auditLogId: AUDIT,
          correlationId: CORRELATION,
          pollUrl,
        },
        { status: 202, headers: sentrailHeaders("require_approval") },
      ),
    );
    await expect(
      client().gateway.github({ method: "POST", path: "/repos/o/r/pulls", body: {} }),
    ).resolves.toEqual({
      kind: "pending_approval",
      reason: "Policy 'Require approval for PRs' matched",
      approvalRequestId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
      auditLogId: AUDIT,
      correlationId: CORRELATION,
      pollUrl,
    });
  });

  it("takes the ids from the headers when a decision body leaves them out", async () => {
    onGitHub(() =>
      HttpResponse.json(
        { ok: false, decision: "block", reason: "Kill switch is active" },
        {
          status: 403,
          headers: sentrailHeaders("block"),
        },
      ),
    );
    await expect(client().gateway.github({ method: "GET", path: "/repos/o/r" })).resolves.toMatchObject({
      kind: "blocked",
      auditLogId: AUDIT,
      correlationId: CORRELATION,
    });
  });

  it("sends the query, forwards caller headers, and never a caller Authorization", async () => {
    onGitHub(() => HttpResponse.json([], { headers: sentrailHeaders("allow") }));
    await client().gateway.github({
      method: "GET",
      path: "/repos/o/r/issues?state=open",
      query: { per_page: 5, labels: "bug", skip: undefined },
      headers: { Accept: "application/vnd.github+json", Authorization: "Bearer someone-elses-token" },
    });
    const request = seen[0] as Request;
    expect(request.url).toBe(
      `${BASE}/gateway-proxy/github/repos/o/r/issues?state=open&per_page=5&labels=bug`,
    );
    expect(request.headers.get("accept")).toBe("application/vnd.github+json");
    expect(request.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(request.headers.get("content-type")).toBeNull();
  });

  it("returns a non-JSON upstream body as text and an empty one as null", async () => {
    onGitHub(
      () =>
        new HttpResponse("plain words", {
          headers: { ...sentrailHeaders("allow"), "Content-Type": "text/plain" },
        }),
    );
    await expect(client().gateway.github({ method: "GET", path: "/zen" })).resolves.toMatchObject({
      body: "plain words",
    });
    onGitHub(() => new HttpResponse(null, { status: 204, headers: sentrailHeaders("allow") }));
    await expect(client().gateway.github({ method: "DELETE", path: "/repos/o/r/x" })).resolves.toMatchObject({
      status: 204,
      body: null,
    });
  });

  it.each([
    [400, "Tool not connected", SentrailValidationError],
    [400, "Request body too large", SentrailValidationError],
    [401, "Invalid or expired API key", SentrailAuthenticationError],
    [502, "Upstream request failed", SentrailServerError],
    [500, "internal error", SentrailServerError],
  ])("throws the error family for Sentrail's own %i (%s)", async (status, message, ErrorClass) => {
    onGitHub(() => HttpResponse.json({ ok: false, error: message }, { status }));
    const error = await client()
      .gateway.github({ method: "POST", path: "/repos/o/r/issues", body: {} })
      .catch((caught: unknown) => caught);
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status, message });
    expect(seen).toHaveLength(1);
  });

  it("treats a 403 without a block decision as a permission error", async () => {
    onGitHub(() => HttpResponse.json({ ok: false, error: "Forbidden" }, { status: 403 }));
    await expect(client().gateway.github({ method: "GET", path: "/repos/o/r" })).rejects.toSatisfy((error) =>
      SentrailPermissionError.isInstance(error),
    );
  });

  it("fails as unreadable when a 2xx carries no decision header (cannot tell whether it ran)", async () => {
    onGitHub(() => HttpResponse.json({ id: 1 }));
    const error = await client()
      .gateway.github({ method: "POST", path: "/repos/o/r/issues", body: {} })
      .catch((caught: unknown) => caught);
    expect(SentrailUnavailableError.isInstance(error) && error.kind).toBe("unreadable");
  });

  it("does not retry after a network failure", async () => {
    onGitHub(() => HttpResponse.error());
    await expect(
      client().gateway.github({ method: "POST", path: "/repos/o/r/pulls", body: {} }),
    ).rejects.toMatchObject({
      kind: "network",
    });
    expect(seen).toHaveLength(1);
  });

  it.each([
    ["a '..' segment", { method: "GET", path: "/repos/../../evaluate-action" }],
    ["an encoded '..' segment", { method: "GET", path: "/repos/%2e%2E/x" }],
    ["an empty path", { method: "GET", path: "/" }],
    ["a body on GET", { method: "GET", path: "/repos/o/r", body: { a: 1 } }],
  ] as const)("refuses %s before sending anything", async (_name, request) => {
    await expect(client().gateway.github(request)).rejects.toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(0);
  });
});

describe("gateway.linear", () => {
  it("posts the GraphQL operation to gateway-proxy/linear/graphql", async () => {
    server.use(
      http.post(`${BASE}/gateway-proxy/linear/graphql`, () =>
        HttpResponse.json(
          { data: { issueCreate: { success: true } } },
          { headers: sentrailHeaders("allow") },
        ),
      ),
    );
    const query =
      "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success } }";
    const variables = { input: { title: "Bug", teamId: "TEAM_ID" } };
    const result = await client().gateway.linear<{ issueCreate: { success: boolean } }>({
      query,
      variables,
      operationName: "IssueCreate",
    });
    expect(result.kind === "forwarded" && result.body.data?.issueCreate.success).toBe(true);
    expect(await seen[0]?.json()).toEqual({ query, variables, operationName: "IssueCreate" });
  });

  it("returns a Linear block as a result", async () => {
    server.use(
      http.post(`${BASE}/gateway-proxy/linear/graphql`, () =>
        HttpResponse.json(
          {
            ok: false,
            decision: "block",
            reason: "Tool linear is paused",
            auditLogId: AUDIT,
            correlationId: CORRELATION,
          },
          { status: 403 },
        ),
      ),
    );
    await expect(
      client().gateway.linear({ query: 'mutation { issueDelete(id: "1") { success } }' }),
    ).resolves.toMatchObject({
      kind: "blocked",
      reason: "Tool linear is paused",
    });
  });
});
