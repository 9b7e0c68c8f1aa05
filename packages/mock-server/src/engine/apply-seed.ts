import type { SentrailEngine } from "./create-sentrail-engine.js";
import { createUnsignedJwt } from "./create-unsigned-jwt.js";
import { MockControlError } from "./mock-control-error.js";
import type { SeedResult } from "./seed-types.js";
import { sha256Hex } from "./sha256-hex.js";
import { validateSeed } from "./validate-seed.js";

/**
 * Seeds the engine (mock-server.md §4): validates the whole seed first (shape, references to known
 * workspaces, duplicates against the seed itself and the current state) and only then writes it, in
 * one synchronous step, so a refused seed changes nothing. Additive; given ids are kept, missing ones
 * generated. Resolves `{ ok, workspaceIds, policyIds, tokens }` with an unsigned JWT per seeded member.
 *
 * Fails with {@link MockControlError} naming the first problem and where.
 *
 * @example
 * const { workspaceIds, tokens } = await applySeed(engine, { workspaces: [{ name: "Acme" }] });
 */
export async function applySeed(engine: SentrailEngine, input: unknown): Promise<SeedResult> {
  const seed = validateSeed(input);
  const keyHashes = await Promise.all(seed.apiKeys.map((apiKey) => sha256Hex(apiKey.key)));

  // Cross-checks, after the only await: nothing below yields until the seed is fully applied.
  const fail = (message: string): never => {
    throw new MockControlError(message);
  };
  const { workspaces, policies, apiKeys } = engine;
  const seededWorkspaces = new Set<string>();
  seed.workspaces.forEach((workspace, index) => {
    if (seededWorkspaces.has(workspace.id) || engine.workspaces.getWorkspace(workspace.id)) {
      fail(`workspaces[${index}].id ${workspace.id} already exists`);
    }
    seededWorkspaces.add(workspace.id);
  });
  const checkWorkspace = (workspaceId: string, at: string) => {
    if (!seededWorkspaces.has(workspaceId) && !workspaces.getWorkspace(workspaceId)) {
      fail(`${at}.workspaceId ${workspaceId} is not a known workspace`);
    }
  };
  const unique = (at: string, seen: Set<string>, key: string, existsInState: boolean, what: string) => {
    if (seen.has(key) || existsInState) fail(`${at} ${what} already exists`);
    seen.add(key);
  };

  const memberKeys = new Set<string>();
  seed.members.forEach((member, index) => {
    const at = `members[${index}]`;
    checkWorkspace(member.workspaceId, at);
    unique(
      at,
      memberKeys,
      `${member.workspaceId}|${member.userId}`,
      workspaces.getMember(member.workspaceId, member.userId) !== undefined,
      `member ${member.userId} of workspace ${member.workspaceId}`,
    );
  });
  const keyHashSet = new Set<string>();
  const keyIds = new Set<string>();
  seed.apiKeys.forEach((apiKey, index) => {
    const at = `apiKeys[${index}]`;
    checkWorkspace(apiKey.workspaceId, at);
    unique(at, keyHashSet, keyHashes[index] as string, apiKeys.hasHash(keyHashes[index] as string), "key");
    unique(at, keyIds, apiKey.id, apiKeys.hasId(apiKey.id), `id ${apiKey.id}`);
  });
  const policyIds = new Set<string>();
  seed.policies.forEach((policy, index) => {
    const at = `policies[${index}]`;
    checkWorkspace(policy.workspaceId, at);
    unique(at, policyIds, policy.id, policies.has(policy.id), `id ${policy.id}`);
  });
  const connectionKeys = new Set<string>();
  seed.toolConnections.forEach((connection, index) => {
    const at = `toolConnections[${index}]`;
    checkWorkspace(connection.workspaceId, at);
    const existing = workspaces.getConnection(connection.workspaceId, connection.tool);
    unique(
      at,
      connectionKeys,
      `${connection.workspaceId}|${connection.tool}`,
      existing !== undefined && !existing.isPlaceholder,
      `${connection.tool} connection of workspace ${connection.workspaceId}`,
    );
  });
  const agentNames = new Set<string>();
  const agentIds = new Set<string>();
  const existingAgentIds = new Set(workspaces.listAgents().map((agent) => agent.id));
  seed.agents.forEach((agent, index) => {
    const at = `agents[${index}]`;
    checkWorkspace(agent.workspaceId, at);
    unique(
      at,
      agentNames,
      `${agent.workspaceId}|${agent.name}`,
      workspaces.findAgent(agent.workspaceId, agent.name) !== undefined,
      `agent ${agent.name} of workspace ${agent.workspaceId}`,
    );
    unique(at, agentIds, agent.id, existingAgentIds.has(agent.id), `id ${agent.id}`);
  });

  // Apply.
  const now = engine.clock.nowIso();
  for (const workspace of seed.workspaces) {
    workspaces.addWorkspace({
      ...workspace,
      killSwitchEnabled: false,
      killSwitchEnabledAt: null,
      killSwitchEnabledBy: null,
      createdAt: now,
    });
  }
  for (const member of seed.members) workspaces.addMember(member);
  seed.apiKeys.forEach((apiKey, index) => {
    apiKeys.insert({ ...apiKey, keyHash: keyHashes[index] as string });
  });
  for (const policy of seed.policies) {
    policies.add({ ...policy, createdAt: policy.createdAt ?? engine.nextPolicyCreatedAt() });
  }
  for (const connection of seed.toolConnections) {
    // A paused stand-in left by `pause_tool` is replaced, and the pause is kept.
    const placeholder = workspaces.getConnection(connection.workspaceId, connection.tool);
    workspaces.addConnection({
      ...connection,
      paused: connection.paused || placeholder?.paused === true,
      createdAt: now,
    });
  }
  for (const agent of seed.agents) {
    workspaces.addAgent({ id: agent.id, workspace_id: agent.workspaceId, name: agent.name, created_at: now });
  }

  const tokens: Record<string, string> = {};
  for (const member of seed.members) {
    tokens[member.userId] = createUnsignedJwt({
      userId: member.userId,
      email: member.email,
      issuedAtMs: engine.clock.nowMs(),
    });
  }
  return {
    ok: true,
    workspaceIds: seed.workspaces.map((workspace) => workspace.id),
    policyIds: seed.policies.map((policy) => policy.id),
    tokens,
  };
}
