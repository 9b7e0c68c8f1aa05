import { HttpResponse, http, type JsonBodyType } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSentrailClient } from "./create-sentrail-client";
import type { EvaluateActionInput } from "./sentrail-api-types";
import {
  SentrailAuthenticationError,
  type SentrailError,
  SentrailNotFoundError,
  SentrailServerError,
  SentrailUnavailableError,
  SentrailValidationError,
} from "./sentrail-error";

const BASE = "https://abcd1234.supabase.co/functions/v1";
const KEY = `agk_${"0123456789abcdef".repeat(2)}01234567`;
const CORRELATION_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const input: EvaluateActionInput = { tool: "github", action: "pull_request.create", riskLevel: "high" };
const ids = {
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: CORRELATION_ID,
};

const server = setupServer();
const seen: Request[] = [];
server.events.on("request:start", ({ request }) => {
  seen.push(request.clone());
});

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  vi.useRealTimers();
  server.resetHandlers();
  seen.length = 0;
  vi.restoreAllMocks();
});
afterAll(() => server.close());

function client(options: Partial<Parameters<typeof createSentrailClient>[0]> = {}) {
  return createSentrailClient({ apiKey: KEY, baseUrl: BASE, agentId: "release-bot", ...options });
}

function onEvaluate(status: number, body: JsonBodyType) {
  server.use(http.post(`${BASE}/evaluate-action`, () => HttpResponse.json(body, { status })));
}

function onStatus(...answers: Array<() => Response>) {
  let call = 0;
  server.use(
    http.get(`${BASE}/gateway-proxy/status/:correlationId`, () => {
      const answer = answers[Math.min(call, answers.length - 1)] as () => Response;
      call++;
      return answer();
    }),
  );
}

const pending = () =>
  HttpResponse.json({
    ok: true,
    status: "pending",
    decision: "require_approval",
    result: null,
    killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
  });

describe("createSentrailClient", () => {
  it("accepts a projectRef instead of a baseUrl", async () => {
    onEvaluate(200, {
      ok: true,
      decision: "allow",
      reason: "ok",
      matchedPolicyId: null,
      approvalRequestId: null,
      ...ids,
    });
    await createSentrailClient({ apiKey: KEY, projectRef: "abcd1234" }).evaluateAction(input);
    expect(seen[0]?.url).toBe(`${BASE}/evaluate-action`);
  });

  it("throws a TypeError when neither baseUrl nor projectRef is given", () => {
    expect(() => createSentrailClient({ apiKey: KEY })).toThrow(TypeError);
    expect(() => createSentrailClient({ apiKey: KEY, baseUrl: BASE, projectRef: "abcd1234" })).toThrow(
      TypeError,
    );
  });

  it("warns once, without the key, when the key does not look like agk_ + 40 characters", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    createSentrailClient({ apiKey: "agk_short-secret-value", baseUrl: BASE });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain("short-secret-value");
  });

  it("does not warn for a well-formed key", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    client();
    expect(warn).not.toHaveBeenCalled();
  });

  it("refuses to send a JWT as the API key, before any request", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl";
    const agent = client({ apiKey: jwt });
    const calls = [
      agent.evaluateAction(input),
      agent.getApprovalStatus(CORRELATION_ID),
      agent.gateway.github({ method: "GET", path: "/repos/o/r" }),
      agent.gateway.linear({ query: "{ viewer { id } }" }),
      agent.mcpGate.request("ping"),
    ];
    for (const call of calls) {
      const error = await call.catch((caught: unknown) => caught);
      expect(SentrailAuthenticationError.isInstance(error)).toBe(true);
      expect((error as SentrailError).code).toBe("credential_mismatch");
      expect(String(error)).not.toContain("c2lnbmF0dXJl");
    }
    expect(seen).toHaveLength(0);
  });
});

describe("evaluateAction", () => {
  it("sends the key, the agent id and the body", async () => {
    onEvaluate(200, {
      ok: true,
      decision: "allow",
      reason: "ok",
      matchedPolicyId: null,
      approvalRequestId: null,
      ...ids,
    });
    await client().evaluateAction({ ...input, payload: { title: "Add feature X" } });
    const request = seen[0] as Request;
    expect(request.method).toBe("POST");
    expect(request.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(request.headers.get("x-agent-id")).toBe("release-bot");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(await request.json()).toEqual({ ...input, payload: { title: "Add feature X" } });
  });

  it("never lets a per-call header replace the key", async () => {
    onEvaluate(200, {
      ok: true,
      decision: "allow",
      reason: "ok",
      matchedPolicyId: null,
      approvalRequestId: null,
      ...ids,
    });
    await client().evaluateAction(input, { headers: { Authorization: "Bearer user-jwt", "X-Trace": "t-1" } });
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-trace")).toBe("t-1");
  });

  it("returns allow", async () => {
    const policy = "b3c4d5e6-f7a8-9012-bcde-f01234567890";
    onEvaluate(200, {
      ok: true,
      decision: "allow",
      reason: "Policy 'Allow reads' matched",
      matchedPolicyId: policy,
      approvalRequestId: null,
      ...ids,
      risk_classification: "server_classified",
      riskLevel: "low",
    });
    await expect(client().evaluateAction(input)).resolves.toEqual({
      decision: "allow",
      reason: "Policy 'Allow reads' matched",
      matchedPolicyId: policy,
      ...ids,
      riskClassification: "server_classified",
      riskLevel: "low",
    });
  });

  it("returns block as a result, not an error", async () => {
    onEvaluate(200, {
      ok: true,
      decision: "block",
      reason: "Kill switch is active",
      matchedPolicyId: null,
      approvalRequestId: null,
      ...ids,
      risk_classification: "caller_supplied",
    });
    await expect(client().evaluateAction(input)).resolves.toMatchObject({
      decision: "block",
      reason: "Kill switch is active",
      matchedPolicyId: null,
    });
  });

  it("returns require_approval with its approval request id", async () => {
    onEvaluate(200, {
      ok: true,
      decision: "require_approval",
      reason: "Policy 'Require approval for PRs' matched",
      matchedPolicyId: "b3c4d5e6-f7a8-9012-bcde-f01234567890",
      approvalRequestId: "550e8400-e29b-41d4-a716-446655440000",
      ...ids,
    });
    const result = await client().evaluateAction(input);
    expect(result.decision).toBe("require_approval");
    expect(result.decision === "require_approval" && result.approvalRequestId).toBe(
      "550e8400-e29b-41d4-a716-446655440000",
    );
  });

  it("tolerates a missing risk_classification (older revision) and ignores unknown fields", async () => {
    onEvaluate(200, { ok: true, decision: "allow", reason: "r", ...ids, futureField: { x: 1 } });
    const result = await client().evaluateAction(input);
    expect(result).toEqual({ decision: "allow", reason: "r", matchedPolicyId: null, ...ids });
    expect("riskClassification" in result).toBe(false);
  });

  it.each([
    ["an unknown decision", { ok: true, decision: "maybe", reason: "r", ...ids }],
    [
      "require_approval without an approval request id",
      { ok: true, decision: "require_approval", reason: "r", ...ids },
    ],
    ["no audit log id", { ok: true, decision: "allow", reason: "r", correlationId: CORRELATION_ID }],
  ])("fails closed on %s (unreadable, never an allow)", async (_name, body) => {
    onEvaluate(200, body);
    await expect(client().evaluateAction(input)).rejects.toMatchObject({
      name: "SentrailUnavailableError",
      kind: "unreadable",
    });
  });

  it.each([
    "Invalid JSON body",
    "tool must be one of github, linear, slack, notion, internal_api, mcp",
    "action must be a non-empty string",
    "riskLevel must be one of low, medium, high, critical",
    "payload must be an object",
  ])("throws SentrailValidationError with the server's message: %s", async (message) => {
    onEvaluate(400, { ok: false, error: message });
    const error = await client()
      .evaluateAction(input)
      .catch((caught: unknown) => caught);
    expect(SentrailValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, serverMessage: message, message });
  });

  it("throws SentrailAuthenticationError on 401", async () => {
    onEvaluate(401, { ok: false, error: "Invalid or expired API key" });
    const error = await client()
      .evaluateAction(input)
      .catch((caught: unknown) => caught);
    expect(SentrailAuthenticationError.isInstance(error)).toBe(true);
    expect(String(error)).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it("throws the base error on 405", async () => {
    onEvaluate(405, { ok: false, error: "Method not allowed" });
    await expect(client().evaluateAction(input)).rejects.toMatchObject({
      code: "unexpected_status",
      status: 405,
    });
  });

  it("throws SentrailServerError on 500 and does not retry the POST", async () => {
    onEvaluate(500, { ok: false, error: "unexpected" });
    const error = await client()
      .evaluateAction(input)
      .catch((caught: unknown) => caught);
    expect(SentrailServerError.isInstance(error)).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it("does not retry the POST after a network failure", async () => {
    server.use(http.post(`${BASE}/evaluate-action`, () => HttpResponse.error()));
    const error = await client()
      .evaluateAction(input)
      .catch((caught: unknown) => caught);
    expect(SentrailUnavailableError.isInstance(error) && error.kind).toBe("network");
    expect(seen).toHaveLength(1);
  });

  it("redacts a key that the server echoes back in an error", async () => {
    onEvaluate(400, { ok: false, error: `bad key ${KEY} in Authorization: Bearer ${KEY}` });
    const error = (await client()
      .evaluateAction(input)
      .catch((caught: unknown) => caught)) as SentrailError;
    for (const form of [error.message, String(error), JSON.stringify(error), error.stack ?? ""]) {
      expect(form).not.toContain(KEY);
    }
  });
});

describe("getApprovalStatus", () => {
  it("reads a pending status with the kill-switch state", async () => {
    onStatus(pending);
    await expect(client().getApprovalStatus(CORRELATION_ID)).resolves.toEqual({
      correlationId: CORRELATION_ID,
      status: "pending",
      decision: "require_approval",
      result: null,
      killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
    });
    expect(seen[0]?.url).toBe(`${BASE}/gateway-proxy/status/${CORRELATION_ID}`);
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
  });

  it("reads an executed status, treating missing kill-switch keys as null", async () => {
    onStatus(() =>
      HttpResponse.json({
        ok: true,
        status: "executed",
        decision: "require_approval",
        result: { id: 123, number: 123 },
        killSwitch: { global: false, toolsPaused: [] },
        approvalRequestId: "550e8400-e29b-41d4-a716-446655440000",
      }),
    );
    await expect(client().getApprovalStatus(CORRELATION_ID)).resolves.toMatchObject({
      status: "executed",
      result: { id: 123, number: 123 },
      killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
      approvalRequestId: "550e8400-e29b-41d4-a716-446655440000",
    });
  });

  it("encodes the correlation id into the path", async () => {
    onStatus(pending);
    await client().getApprovalStatus("a/b");
    expect(seen[0]?.url).toBe(`${BASE}/gateway-proxy/status/a%2Fb`);
  });

  it("throws SentrailNotFoundError on 404 without retrying", async () => {
    onStatus(() => HttpResponse.json({ ok: false, error: "Approval request not found" }, { status: 404 }));
    const error = await client()
      .getApprovalStatus(CORRELATION_ID)
      .catch((caught: unknown) => caught);
    expect(SentrailNotFoundError.isInstance(error)).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it("throws SentrailAuthenticationError on 401 without retrying", async () => {
    onStatus(() => HttpResponse.json({ ok: false, error: "Invalid or expired API key" }, { status: 401 }));
    await expect(client().getApprovalStatus(CORRELATION_ID)).rejects.toMatchObject({ status: 401 });
    expect(seen).toHaveLength(1);
  });

  it("retries network errors, 5xx and 429, since the poll is read-only", async () => {
    vi.useFakeTimers();
    onStatus(
      () => HttpResponse.error(),
      () => HttpResponse.json({ ok: false, error: "boom" }, { status: 503 }),
      pending,
    );
    const status = client().getApprovalStatus(CORRELATION_ID, { random: () => 0 });
    await vi.advanceTimersByTimeAsync(800 + 1200);
    await expect(status).resolves.toMatchObject({ status: "pending" });
    expect(seen).toHaveLength(3);
  });

  it("gives up after the configured retries with the last error", async () => {
    vi.useFakeTimers();
    onStatus(() => HttpResponse.json({ ok: false, error: "slow down" }, { status: 429 }));
    const status = client().getApprovalStatus(CORRELATION_ID, { retries: 1, random: () => 0 });
    const assertion = expect(status).rejects.toMatchObject({ name: "SentrailRateLimitError" });
    await vi.advanceTimersByTimeAsync(800);
    await assertion;
    expect(seen).toHaveLength(2);
  });

  it("does not wait out a Retry-After longer than 10 s: it throws with retryAfterMs", async () => {
    onStatus(() =>
      HttpResponse.json({ ok: false, error: "busy" }, { status: 503, headers: { "Retry-After": "120" } }),
    );
    await expect(client().getApprovalStatus(CORRELATION_ID)).rejects.toMatchObject({ retryAfterMs: 120_000 });
    expect(seen).toHaveLength(1);
  });

  it("fails as unreadable on an unknown status", async () => {
    onStatus(() => HttpResponse.json({ ok: true, status: "teleported" }));
    await expect(client().getApprovalStatus(CORRELATION_ID, { retries: 0 })).rejects.toMatchObject({
      kind: "unreadable",
    });
  });

  it("rejects an empty correlation id without sending anything", async () => {
    await expect(client().getApprovalStatus("")).rejects.toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(0);
  });
});

describe("waitForApproval", () => {
  it("polls the status endpoint until a terminal state", async () => {
    onStatus(pending, () =>
      HttpResponse.json({
        ok: true,
        status: "approved",
        decision: "require_approval",
        result: null,
        killSwitch: { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] },
      }),
    );
    const outcome = await client().waitForApproval(CORRELATION_ID, { initialDelayMs: 1, maxDelayMs: 1 });
    expect(outcome).toMatchObject({ status: "approved", polls: 2, correlationId: CORRELATION_ID });
    expect(seen).toHaveLength(2);
  });

  it("ends with the typed error when the approval does not exist", async () => {
    onStatus(() => HttpResponse.json({ ok: false, error: "Approval request not found" }, { status: 404 }));
    await expect(client().waitForApproval(CORRELATION_ID)).rejects.toSatisfy((error) =>
      SentrailNotFoundError.isInstance(error),
    );
  });

  it("gives each poll the client's request timeout", async () => {
    vi.useFakeTimers();
    try {
      let aborted = false;
      const hanging = (_request: Request | string | URL, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => {
            aborted = true;
            reject(init.signal?.reason);
          });
        });
      const waiting = client({ fetch: hanging, timeoutMs: 50 }).waitForApproval(CORRELATION_ID, {
        timeoutMs: 60,
      });
      await vi.advanceTimersByTimeAsync(60);
      await expect(waiting).resolves.toMatchObject({ status: "timed_out", lastError: { kind: "timeout" } });
      expect(aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
