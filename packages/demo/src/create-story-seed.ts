import { DEMO_WORKSPACE_ID, demoSeed } from "@sentrail/mock-server/node";

/** The policy the story adds to the demo seed, so the AI SDK agent's push to main has a rule that blocks it. */
export const BLOCK_PUSH_POLICY_NAME = "Block direct pushes to main";

/**
 * The mock's demo seed (workspace "Acme Demo", reviewer and admin, the demo key, the documented example
 * policies, GitHub/Linear/MCP connections to the built-in fakes) plus one policy for the story: GitHub
 * `git.push` is blocked. Everything else the story shows comes from the demo seed's own policies:
 * `Allow reads`, `Require approval for PRs`, `Review MCP writes`, and the kill switch.
 *
 * @example
 * ```ts
 * const server = await startMockServer({ seed: createStorySeed() });
 * ```
 */
export function createStorySeed(): ReturnType<typeof demoSeed> {
  const seed = demoSeed();
  seed.policies.push({
    id: "5e470000-0000-4000-8000-000000000140",
    workspaceId: DEMO_WORKSPACE_ID,
    name: BLOCK_PUSH_POLICY_NAME,
    tool: "github",
    actionPattern: "git.push",
    resourceType: null,
    riskLevel: null,
    mode: "block",
    conditions: {},
    priority: 40,
    enabled: true,
    toolName: null,
    toolNamePattern: null,
  });
  return seed;
}
