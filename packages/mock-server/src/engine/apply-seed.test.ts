import { describe, expect, it } from "vitest";
import { createFakeDispatcher } from "../http/create-fake-dispatcher.js";
import { applySeed } from "./apply-seed.js";
import { createSentrailEngine } from "./create-sentrail-engine.js";
import { decodeUserJwt } from "./decode-user-jwt.js";
import { MockControlError } from "./mock-control-error.js";
import { snapshotState } from "./snapshot-state.js";

const WS = "11111111-1111-4111-8111-111111111111";
const KEY = "agk_0123456789abcdef0123456789abcdef01234567";

function engine() {
  return createSentrailEngine({ upstream: createFakeDispatcher() });
}

const goodSeed = {
  workspaces: [{ id: WS, name: "Acme", settings: { unmatchedDecision: "allow" } }],
  members: [
    {
      workspaceId: WS,
      userId: "22222222-2222-4222-8222-222222222222",
      role: "reviewer",
      email: "r@example.com",
    },
  ],
  apiKeys: [{ workspaceId: WS, key: KEY, name: "ci", scopes: ["evaluate"] }],
  policies: [
    {
      workspaceId: WS,
      name: "A",
      tool: "github",
      actionPattern: "pull_request.*",
      mode: "require_approval",
      priority: 50,
    },
    { workspaceId: WS, name: "B", tool: "*", mode: "allow", priority: 50 },
  ],
  toolConnections: [
    { workspaceId: WS, tool: "github", config: { access_token: "gho_secret", repos: ["o/r"] } },
  ],
  agents: [{ workspaceId: WS, name: "my-agent" }],
};

describe("applySeed (mock-server.md §4)", () => {
  it("creates everything, keeps given ids, generates the rest and answers a token per member", async () => {
    const mock = engine();
    const result = await applySeed(mock, goodSeed);
    expect(result.workspaceIds).toEqual([WS]);
    expect(result.policyIds).toHaveLength(2);
    expect(result.policyIds[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(decodeUserJwt(result.tokens["22222222-2222-4222-8222-222222222222"] ?? null)).toEqual({
      userId: "22222222-2222-4222-8222-222222222222",
      email: "r@example.com",
    });
    const workspace = mock.workspaces.getWorkspace(WS);
    expect(workspace?.settings).toEqual({
      unmatchedDecision: "allow",
      approvalTtlHours: 24,
      requireRegisteredAgents: false,
    });
    expect(workspace?.environment).toBe("test");
    expect(await mock.apiKeys.authenticate(`Bearer ${KEY}`, ["evaluate"])).not.toBeNull();
    expect(mock.workspaces.findAgent(WS, "my-agent")).toBeDefined();
  });

  it("gives policies strictly increasing creation times in seed order", async () => {
    const mock = engine();
    mock.clock.set("2030-01-01T00:00:00.000Z");
    await applySeed(mock, goodSeed);
    const [first, second] = mock.policies.list(WS);
    expect(first?.createdAt).toBe("2030-01-01T00:00:00.000Z");
    expect(second?.createdAt).toBe("2030-01-01T00:00:00.001Z");
  });

  it("lets items leave out workspaceId when the seed declares exactly one workspace", async () => {
    const mock = engine();
    const result = await applySeed(mock, {
      workspaces: [{ name: "Solo" }],
      policies: [{ name: "Allow", tool: "*", mode: "allow" }],
    });
    expect(mock.policies.list(result.workspaceIds[0])).toHaveLength(1);
  });

  it.each([
    ["a non-object", [], "the seed must be a JSON object"],
    ["an unknown section", { polices: [] }, "seed.polices is not a seed section"],
    [
      "an unknown tool",
      { ...goodSeed, policies: [{ workspaceId: WS, name: "x", tool: "jira", mode: "allow" }] },
      "policies[0].tool must be one of github, linear, slack, notion, internal_api, mcp, *",
    ],
    [
      "a bad mode",
      { ...goodSeed, policies: [{ workspaceId: WS, name: "x", tool: "github", mode: "deny" }] },
      "policies[0].mode must be one of allow, block, require_approval",
    ],
    [
      "a key without agk_",
      { ...goodSeed, apiKeys: [{ workspaceId: WS, key: "sk_123" }] },
      "apiKeys[0].key must start with agk_",
    ],
    [
      "a policy for an unknown workspace",
      {
        ...goodSeed,
        policies: [
          { workspaceId: "33333333-3333-4333-8333-333333333333", name: "x", tool: "github", mode: "allow" },
        ],
      },
      "policies[0].workspaceId 33333333-3333-4333-8333-333333333333 is not a known workspace",
    ],
    [
      "a bad role",
      { ...goodSeed, members: [{ workspaceId: WS, userId: "u", role: "boss" }] },
      "members[0].role must be one of member, reviewer, admin, owner",
    ],
    [
      "a bad scope",
      { ...goodSeed, apiKeys: [{ workspaceId: WS, key: KEY, scopes: ["admin"] }] },
      "apiKeys[0].scopes[0] must be one of gateway, evaluate, mcp",
    ],
    [
      "a bad setting",
      { workspaces: [{ name: "x", settings: { unmatchedDecision: "block" } }] },
      "workspaces[0].settings.unmatchedDecision must be one of require_approval, allow",
    ],
    [
      "a non-integer priority",
      {
        ...goodSeed,
        policies: [{ workspaceId: WS, name: "x", tool: "github", mode: "allow", priority: 1.5 }],
      },
      "policies[0].priority must be an integer",
    ],
    ["a non-UUID id", { workspaces: [{ id: "ws-1", name: "x" }] }, "workspaces[0].id must be a UUID"],
    [
      "a duplicate connection",
      {
        ...goodSeed,
        toolConnections: [
          { workspaceId: WS, tool: "github" },
          { workspaceId: WS, tool: "github" },
        ],
      },
      "toolConnections[1] github connection of workspace",
    ],
    [
      "a missing workspaceId with two workspaces",
      { workspaces: [{ name: "a" }, { name: "b" }], agents: [{ name: "x" }] },
      "agents[0].workspaceId is required",
    ],
  ])("refuses %s with a message naming what and where", async (_name, seed, message) => {
    await expect(applySeed(engine(), seed)).rejects.toThrow(message);
    await expect(applySeed(engine(), seed)).rejects.toSatisfy((error: unknown) =>
      MockControlError.isInstance(error),
    );
  });

  it("changes nothing when a seed is refused, even after earlier sections were valid", async () => {
    const mock = engine();
    const before = JSON.stringify(snapshotState(mock));
    await expect(applySeed(mock, { ...goodSeed, agents: [{ workspaceId: WS, name: "" }] })).rejects.toThrow(
      "agents[0].name",
    );
    expect(JSON.stringify({ ...snapshotState(mock), now: "" })).toBe(
      JSON.stringify({ ...JSON.parse(before), now: "" }),
    );
    expect(mock.workspaces.getWorkspace(WS)).toBeUndefined();
  });

  it("refuses to seed the same ids or key twice, and the second seed changes nothing", async () => {
    const mock = engine();
    await applySeed(mock, goodSeed);
    await expect(applySeed(mock, { workspaces: [{ id: WS, name: "again" }] })).rejects.toThrow(
      `workspaces[0].id ${WS} already exists`,
    );
    await expect(applySeed(mock, { apiKeys: [{ workspaceId: WS, key: KEY }] })).rejects.toThrow(
      "apiKeys[0] key already exists",
    );
    expect(mock.workspaces.getWorkspace(WS)?.name).toBe("Acme");
  });
});
