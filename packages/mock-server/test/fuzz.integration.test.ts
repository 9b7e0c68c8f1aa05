import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockSentrail, type MockSentrail } from "../src/create-mock-sentrail.js";
import type { Seed } from "../src/engine/seed-types.js";
import { startMockServer } from "../src/node.js";

// Issue 12: hostile input never gets a 5xx, the mock answers afterwards, /__mock/state stays readable
// and no prototype is polluted. Seeded and bounded: the whole file runs in well under a minute.

const KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const WORKSPACE_ID = "11111111-1111-4111-8111-111111111111";
const ADMIN_ID = "22222222-2222-4222-8222-222222222222";
const ORGANIZATION_ID = "org-fuzz";
const GITHUB_SECRET = "gh-fuzz-secret";
const LINEAR_SECRET = "lin-fuzz-secret";

const SEED: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Fuzz" }],
  members: [{ workspaceId: WORKSPACE_ID, userId: ADMIN_ID, role: "admin", email: "a@example.com" }],
  apiKeys: [{ workspaceId: WORKSPACE_ID, key: KEY, scopes: ["evaluate", "gateway", "mcp"] }],
  policies: [
    {
      workspaceId: WORKSPACE_ID,
      name: "PRs",
      tool: "github",
      actionPattern: "pull_request.*",
      mode: "require_approval",
      priority: 10,
    },
    {
      workspaceId: WORKSPACE_ID,
      name: "rest",
      tool: "*",
      actionPattern: "*",
      mode: "allow",
      priority: 900,
    },
  ],
  toolConnections: [
    {
      workspaceId: WORKSPACE_ID,
      tool: "github",
      config: { access_token: "gho_fuzztoken0000", repos: ["acme/app"], webhook_secret: GITHUB_SECRET },
    },
    {
      workspaceId: WORKSPACE_ID,
      tool: "linear",
      config: {
        access_token: "lin_oauth_fuzz0000",
        organization_id: ORGANIZATION_ID,
        webhook_secret: LINEAR_SECRET,
      },
    },
    { workspaceId: WORKSPACE_ID, tool: "mcp", config: { access_token: null } },
  ],
};

const PATHS = [
  "/functions/v1/evaluate-action",
  "/functions/v1/gateway-proxy/github/repos/acme/app/issues",
  "/functions/v1/gateway-proxy/github/repos/acme/app/pulls/1/merge",
  "/functions/v1/gateway-proxy/linear/graphql",
  "/functions/v1/gateway-proxy/status/00000000-0000-4000-8000-000000000000",
  "/functions/v1/mcp-gate/sse",
  "/functions/v1/approval-decision",
  "/functions/v1/kill-switch",
  "/functions/v1/manage-api-keys",
  "/functions/v1/simulate-action",
  "/functions/v1/webhook-github",
  "/functions/v1/webhook-linear",
  "/__mock/reset",
  "/__mock/seed",
  "/__mock/state",
  "/__mock/clock",
  "/__mock/token",
  "/__mock/upstream",
  "/__mock/faults",
];

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "FOO"];

/** Strings an attacker likes: huge numbers, proto keys, nesting, odd Unicode. */
const hostileScalar = fc.oneof(
  fc.constantFrom(1e20, 8.64e15, -8.64e15, 2 ** 31, 2 ** 53 + 2, -1, 0, -0, 1e-300, Number.MAX_VALUE),
  fc.constantFrom(
    "",
    "__proto__",
    "constructor",
    "prototype",
    "\u0000",
    "\ud800",
    "9999-12-31T23:59:59.999Z",
    "+275760-09-13T00:00:00.000Z",
  ),
  fc.constantFrom(null, true, false),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);

const hostileValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    hostileScalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"),
        fc.string({ maxLength: 12 }),
      ),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;

/** Field names the endpoints read, so random values reach the validators, not just the JSON check. */
const FIELDS = [
  "tool",
  "action",
  "riskLevel",
  "payload",
  "agentId",
  "agentName",
  "approvalRequestId",
  "decision",
  "reason",
  "workspaceId",
  "keyId",
  "name",
  "scopes",
  "expiresInDays",
  "advanceMs",
  "set",
  "userId",
  "email",
  "endpoint",
  "status",
  "body",
  "delayMs",
  "networkError",
  "times",
  "workspaces",
  "apiKeys",
  "policies",
  "toolConnections",
  "members",
  "agents",
  "webhookTimestamp",
  "organizationId",
  "type",
  "data",
  "repository",
  "jsonrpc",
  "id",
  "method",
  "params",
  "query",
  "variables",
  "__proto__",
  "constructor",
];

const shapedObject = fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 6 });

const deepText = fc
  .tuple(fc.integer({ min: 100, max: 12_000 }), fc.constantFrom("[", '{"a":'))
  .map(([levels, open]) => {
    const close = open === "[" ? "]" : "}";
    return `{"tool":"github","payload":${open.repeat(levels)}1${close.repeat(levels)}}`;
  });

const bodyArbitrary: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { arbitrary: deepText, weight: 3 },
  { arbitrary: shapedObject.map((value) => JSON.stringify(value)), weight: 3 },
  fc.constant(undefined),
  fc.constant(""),
  shapedObject.map((value) => JSON.stringify(value)),
  hostileValue.map((value) => JSON.stringify(value) ?? "null"),
  deepText,
  fc.constantFrom(
    "1e400",
    "-1e400",
    "[1e999]",
    '{"advanceMs":1e20}',
    '{"set":"+275760-09-13T00:00:00.000Z"}',
    "{",
    "nul",
    '{"a":"\\ud800"}',
  ),
  fc.uint8Array({ maxLength: 64 }), // arbitrary bytes: invalid UTF-8 included
  fc.constant(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d])),
  fc.integer({ min: 10_000, max: 300_000 }).map((size) => JSON.stringify({ title: "x".repeat(size) })),
);

const headerArbitrary = fc.record(
  {
    authorization: fc.oneof(
      fc.constant(`Bearer ${KEY}`),
      fc.constant("Bearer agk_nope"),
      fc.constant(
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIyMjIyMjIyMi0yMjIyLTQyMjItODIyMi0yMjIyMjIyMjIyMjIifQ.",
      ),
      fc.string({ maxLength: 30 }).map((text) => text.replace(/[^\x20-\x7e]/g, "")),
    ),
    "content-type": fc.constantFrom(
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "",
    ),
    "x-github-event": fc.constantFrom("push", "ping", "pull_request", "__proto__", "e".repeat(5_000)),
    "x-agent-id": fc.string({ maxLength: 20 }).map((text) => text.replace(/[^\x20-\x7e]/g, "")),
    accept: fc.constantFrom("application/json", "text/event-stream", "*/*"),
  },
  { requiredKeys: [] },
);

const suffixArbitrary = fc.oneof(
  fc.constant(""),
  fc.constantFrom(
    "/",
    "/extra",
    "//",
    "/%2e%2e/%00",
    "/__proto__",
    "?x=1&__proto__[polluted]=1",
    "/constructor/prototype",
  ),
);

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  sign: boolean;
}

const requestArbitrary: fc.Arbitrary<FuzzRequest> = fc.record({
  // POST half the time: most endpoints read a body only then.
  method: fc.oneof(
    { arbitrary: fc.constant("POST"), weight: 8 },
    { arbitrary: fc.constantFrom(...METHODS), weight: 8 },
  ),
  path: fc.tuple(fc.constantFrom(...PATHS), suffixArbitrary).map(([path, suffix]) => path + suffix),
  headers: headerArbitrary,
  body: bodyArbitrary,
  sign: fc.boolean(),
});

/** Signs webhook bodies half the time, so hostile payloads also reach matched processing. */
function withSignatures(request: FuzzRequest): FuzzRequest {
  if (!request.sign || request.body === undefined) return request;
  const bytes = typeof request.body === "string" ? Buffer.from(request.body) : Buffer.from(request.body);
  const headers = { ...request.headers };
  if (request.path.includes("webhook-github")) {
    headers["x-hub-signature-256"] =
      `sha256=${createHmac("sha256", GITHUB_SECRET).update(bytes).digest("hex")}`;
  } else if (request.path.includes("webhook-linear")) {
    headers["linear-signature"] = createHmac("sha256", LINEAR_SECRET).update(bytes).digest("hex");
  }
  return { ...request, headers };
}

function toRequest(origin: string, request: FuzzRequest): Request {
  const withBody = request.body !== undefined && request.method !== "GET" && request.method !== "HEAD";
  return new Request(`${origin}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: withBody ? (request.body as BodyInit) : undefined,
  });
}

function expectPrototypesUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTOTYPE_KEYS);
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTOTYPE_KEYS = Object.getOwnPropertyNames(Array.prototype).sort();

/** Whether the answer changed what later answers may be (queued faults or scripts, which the fuzz must not keep). */
function armsLaterAnswers(request: FuzzRequest, status: number): boolean {
  return status === 200 && /\/__mock\/(faults|upstream)/.test(request.path);
}

describe("fuzz: the in-process router (createMockSentrail().handle)", () => {
  let mock: MockSentrail;

  beforeAll(async () => {
    mock = createMockSentrail();
    await mock.control.seed(SEED);
  });

  it("never answers 5xx to hostile methods, paths, headers and bodies; state stays readable", async () => {
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (generated) => {
        const request = withSignatures(generated);
        const response = await mock.handle(toRequest("http://fuzz.test", request));
        expect(response.type, `${request.method} ${request.path}`).not.toBe("error");
        expect(response.status, `${request.method} ${request.path}`).toBeLessThan(500);
        const text = await response.text();
        if (response.status >= 400 && request.method !== "HEAD") {
          expect(text, `${request.method} ${request.path}`).not.toBe("");
          // JSON errors, except mcp-gate's JSON-RPC answers framed as SSE when the client asks for them.
          if (response.headers.get("content-type")?.includes("application/json")) {
            expect(() => JSON.parse(text)).not.toThrow();
          }
        }
        if (armsLaterAnswers(request, response.status) || request.path.startsWith("/__mock/reset")) {
          mock.control.reset();
          await mock.control.seed(SEED);
        }
        const state = await mock.handle(new Request("http://fuzz.test/__mock/state"));
        expect(state.status).toBe(200);
        JSON.parse(await state.text());
        expectPrototypesUntouched();
      }),
      { seed: 20_241_212, numRuns: 1_000, interruptAfterTimeLimit: 25_000 },
    );
    const health = await mock.handle(new Request("http://fuzz.test/__mock/state"));
    expect(health.status).toBe(200);
  }, 40_000);
});

/** Known-bad inputs of issue 12, sent to every route with every method (deterministic). */
const HOSTILE_BODIES: Array<string | Uint8Array> = [
  `{"a":${"[".repeat(5_000)}${"]".repeat(5_000)}}`,
  `{"tool":"github","action":"a","riskLevel":"low","payload":{"x":${"[".repeat(10_000)}${"]".repeat(10_000)}}}`,
  `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_issue","arguments":${"[".repeat(10_000)}${"]".repeat(10_000)}}}`,
  '{"advanceMs":1e20}',
  '{"advanceMs":8.64e15}',
  '{"set":"+275760-09-13T00:00:00.000Z"}',
  '{"endpoint":"evaluate-action","delayMs":1e300}',
  '{"tool":"github","delayMs":2147483648}',
  '{"workspaces":[{"name":"x","settings":{"approvalTtlHours":1e300}}]}',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"action":"create","type":"Issue","organizationId":"org-fuzz","webhookTimestamp":1e300}',
  "1e400",
  "",
  new Uint8Array([0xff, 0xfe, 0xfd, 0x7b, 0x7d]),
];

describe("fuzz: a corpus of known-bad inputs on every route and method", () => {
  it("never answers 5xx, and /__mock/state and evaluations keep working", async () => {
    const mock = createMockSentrail();
    await mock.control.seed(SEED);
    for (const path of PATHS) {
      for (const method of METHODS) {
        for (const [index, body] of HOSTILE_BODIES.entries()) {
          const request = withSignatures({
            method,
            path,
            headers: { authorization: `Bearer ${KEY}` },
            body,
            sign: true,
          });
          const response = await mock.handle(toRequest("http://fuzz.test", request));
          const label = `${method} ${path} body #${index}`;
          expect(response.status, label).toBeLessThan(500);
          await response.arrayBuffer();
          if (armsLaterAnswers(request, response.status) || path === "/__mock/reset") {
            mock.control.reset();
            await mock.control.seed(SEED);
          }
        }
        const state = await mock.handle(new Request("http://fuzz.test/__mock/state"));
        expect(state.status, `state after ${method} ${path}`).toBe(200);
        await state.arrayBuffer();
        const evaluation = await mock.handle(
          new Request("http://fuzz.test/functions/v1/evaluate-action", {
            method: "POST",
            headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
            body: JSON.stringify({ tool: "github", action: "pull_request.create", riskLevel: "high" }),
          }),
        );
        expect(evaluation.status, `evaluation after ${method} ${path}`).toBe(200);
        await evaluation.arrayBuffer();
      }
    }
    expectPrototypesUntouched();
  }, 40_000);
});

describe("fuzz: the sentrail-mock node server", () => {
  let server: Awaited<ReturnType<typeof startMockServer>>;

  beforeAll(async () => {
    server = await startMockServer({ port: 0, host: "127.0.0.1", seed: SEED });
  });

  afterAll(async () => {
    await server.close();
  });

  it("never answers 5xx over real HTTP, and keeps answering", async () => {
    await fc.assert(
      fc.asyncProperty(
        requestArbitrary.filter((request) => request.method !== "FOO"),
        async (generated) => {
          const request = withSignatures(generated);
          const response = await fetch(toRequest(server.origin, request));
          const text = await response.text();
          expect(response.status, `${request.method} ${request.path}`).toBeLessThan(500);
          if (response.status >= 400 && request.method !== "HEAD") expect(text).not.toBe("");
          if (armsLaterAnswers(request, response.status) || request.path.startsWith("/__mock/reset")) {
            server.mock.control.reset();
            await server.mock.control.seed(SEED);
          }
          const state = await fetch(`${server.origin}/__mock/state`);
          expect(state.status).toBe(200);
          JSON.parse(await state.text());
        },
      ),
      { seed: 7_777, numRuns: 200, interruptAfterTimeLimit: 15_000 },
    );
    expectPrototypesUntouched();
  }, 30_000);
});
