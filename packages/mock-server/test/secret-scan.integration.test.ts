// Secret scan (issue 12, item 6): after a session with secrets planted in payloads, URLs, query strings,
// upstream URLs and review reasons, no secret appears in any response, in the state snapshot, or in any
// log line — over the real node server (its access and error log captured) and in process.
import { afterEach, describe, expect, it } from "vitest";
import { createMockSentrail } from "../src/create-mock-sentrail.js";
import type { Seed } from "../src/engine/seed-types.js";
import { type RunningMockServer, startMockServer } from "../src/node/start-mock-server.js";

const WORKSPACE_ID = "5ec12e75-0000-4000-8000-000000000001";
const ADMIN_ID = "5ec12e75-0000-4000-8000-0000000000ad";

/** Every secret of the session; none may come out anywhere. */
const SECRETS = {
  apiKey: "agk_5ec12e7500000000000000000000000000000001",
  plantedKey: "agk_5ec12e75ffffffffffffffffffffffffffffff02",
  toolToken: "gho_ConfiguredToolTokenForSecretScan00000001",
  plantedGithubToken: "ghp_PlantedInPayloadSecretScan000000000002",
  bearerCredential: "opaqueBearerCredentialSecretScan03",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtc2NhbiJ9.c2lnbmF0dXJlLXNlY3JldC1zY2Fu",
  payloadPassword: "payloadPasswordSecretScan04",
  urlPassword: "urlUserinfoPasswordSecretScan05",
  queryToken: "queryTokenSecretScan06",
  upstreamPassword: "upstreamBaseUrlPasswordSecretScan07",
  reviewLinear: "lin_api_ReviewReasonSecretScan0000000000000008",
  apiKeyQuery: "agk_5ec12e75eeeeeeeeeeeeeeeeeeeeeeeeeeeeee09",
};

const SEED: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Secret scan" }],
  members: [{ workspaceId: WORKSPACE_ID, userId: ADMIN_ID, role: "admin", email: "admin@example.com" }],
  apiKeys: [
    { workspaceId: WORKSPACE_ID, key: SECRETS.apiKey, name: "scan", scopes: ["evaluate", "gateway", "mcp"] },
  ],
  policies: [
    {
      workspaceId: WORKSPACE_ID,
      name: "PRs need approval",
      tool: "github",
      actionPattern: "pull_request.*",
      mode: "require_approval",
      priority: 10,
    },
    {
      workspaceId: WORKSPACE_ID,
      name: "Allow the rest",
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
      // A real upstream whose URL carries credentials: every call to it fails with a text quoting it.
      config: {
        access_token: SECRETS.toolToken,
        repos: ["acme/app"],
        base_url: `http://scan-bot:${SECRETS.upstreamPassword}@127.0.0.1:9`,
      },
    },
  ],
} as Seed;

/** A payload holding secrets of every shape, at several depths. */
const PLANTED_PAYLOAD = {
  title: "Rotate credentials",
  body: `use ${SECRETS.plantedKey} then ${SECRETS.plantedGithubToken}`,
  headers: { Authorization: `Bearer ${SECRETS.bearerCredential}` },
  nested: [{ session: { jwt: SECRETS.jwt, password: SECRETS.payloadPassword } }],
  link: `https://deploy:${SECRETS.urlPassword}@ci.example.test/hooks?token=${SECRETS.queryToken}`,
};

interface Exchange {
  status: number;
  /** The body. */
  text: string;
  /** The headers, one `name: value` per line. */
  headers: string;
}

/** Runs the same session through `call` and returns every answer's text. */
async function runSession(call: (path: string, init?: RequestInit) => Promise<Exchange>, token: string) {
  const answers: Exchange[] = [];
  const agent = { authorization: `Bearer ${SECRETS.apiKey}`, "content-type": "application/json" };
  const send = async (path: string, init?: RequestInit) => {
    const answer = await call(path, init);
    answers.push(answer);
    return answer;
  };

  // evaluate-action: secrets in the payload, and a key in the query string (access log).
  const evaluated = await send(`/functions/v1/evaluate-action?api_key=${SECRETS.apiKeyQuery}`, {
    method: "POST",
    headers: agent,
    body: JSON.stringify({
      tool: "github",
      action: "issues.create",
      riskLevel: "low",
      payload: PLANTED_PAYLOAD,
    }),
  });
  expect(evaluated.status).toBe(200);
  // ...and one that queues an approval (approval payload, notifications).
  const queued = await send("/functions/v1/evaluate-action", {
    method: "POST",
    headers: agent,
    body: JSON.stringify({
      tool: "github",
      action: "pull_request.merge",
      riskLevel: "high",
      payload: PLANTED_PAYLOAD,
    }),
  });
  expect(JSON.parse(queued.text).decision).toBe("require_approval");

  // gateway-proxy: a token in the query string and secrets in the body; queued for approval.
  const gateway = await send(
    `/functions/v1/gateway-proxy/github/repos/acme/app/pulls?access_token=${SECRETS.queryToken}`,
    {
      method: "POST",
      headers: agent,
      body: JSON.stringify(PLANTED_PAYLOAD),
    },
  );
  expect(gateway.status).toBe(202);
  const { approvalRequestId } = JSON.parse(gateway.text) as { approvalRequestId: string };
  // An allowed call forwarded to the upstream URL with credentials: it fails, and is recorded.
  const forwarded = await send(
    `/functions/v1/gateway-proxy/github/repos/acme/app/issues?token=${SECRETS.queryToken}`,
    {
      method: "GET",
      headers: agent,
    },
  );
  expect(forwarded.status).toBe(502);

  // approval-decision: a secret in the reason; the replay fails with a text quoting the upstream URL.
  const decided = await send("/functions/v1/approval-decision", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      approvalRequestId,
      decision: "approved",
      reason: `ok, rotated ${SECRETS.reviewLinear}`,
    }),
  });
  expect(decided.status).toBe(500);
  expect(JSON.parse(decided.text).error).toMatch(/^Deferred execution failed: /);

  const state = await send("/__mock/state");
  expect(state.status).toBe(200);
  const parsed = JSON.parse(state.text);
  // The session really reached every table the scan reads.
  expect(parsed.auditLogs.length).toBeGreaterThanOrEqual(4);
  expect(parsed.approvalRequests.length).toBe(2);
  expect(parsed.deferredActions.length).toBe(1);
  expect(parsed.upstreamRequests.length).toBeGreaterThanOrEqual(2);
  expect(parsed.notifications.length).toBeGreaterThan(0);
  return answers;
}

function expectNoSecret(label: string, texts: readonly string[]) {
  const joined = texts.join("\n");
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect(joined.includes(secret), `${label} contains the ${name} secret`).toBe(false);
  }
}

const servers: RunningMockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("secret scan", () => {
  it("over the node server, no response, state snapshot or log line holds any planted secret", async () => {
    const lines: string[] = [];
    const server = await startMockServer({
      seed: SEED,
      quiet: false,
      log: { info: (line) => lines.push(line), error: (line) => lines.push(line) },
    });
    servers.push(server);
    const token = server.seeded?.tokens[ADMIN_ID] ?? "";
    const answers = await runSession(async (path, init) => {
      const response = await fetch(`${server.origin}${path}`, init);
      const text = await response.text();
      const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
      return { status: response.status, text, headers };
    }, token);

    expectNoSecret(
      "a response",
      answers.flatMap((answer) => [answer.headers, answer.text]),
    );
    expectNoSecret("the in-process state", [JSON.stringify(server.mock.control.state())]);
    expect(lines.some((line) => line.includes("/functions/v1/evaluate-action?api_key=[redacted]"))).toBe(
      true,
    );
    expectNoSecret("the log", lines);
    expect(token.length).toBeGreaterThan(0);
  });

  it("in process (mock.handle), no response or state snapshot holds any planted secret", async () => {
    const mock = createMockSentrail();
    const seeded = await mock.control.seed(SEED);
    const answers = await runSession(async (path, init) => {
      const response = await mock.handle(new Request(`http://sentrail.test${path}`, init));
      const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
      return { status: response.status, text: await response.text(), headers };
    }, seeded.tokens[ADMIN_ID] ?? "");
    expectNoSecret(
      "a response",
      answers.flatMap((answer) => [answer.headers, answer.text]),
    );
    await mock.control.settle();
    expectNoSecret("the state", [JSON.stringify(mock.control.state())]);
  });
});
