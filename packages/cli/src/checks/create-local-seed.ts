import { randomBytes, randomUUID } from "node:crypto";
import type { Seed } from "@sentrail/mock-server";

/** A seed for the embedded Sentrail, with the credentials it creates. */
export interface LocalSeed {
  seed: Seed;
  /** A fresh `agk_` key (never printed). */
  apiKey: string;
  workspaceId: string;
  /** The member who decides approvals in the demo. */
  reviewerUserId: string;
}

/**
 * The policies `sentrail demo` and `sentrail test --mock` run against, written for the shell
 * classifier's actions (all evaluated as `tool: "mcp"`, caller-supplied risk):
 *
 * 1. `git.force_push` → require_approval (the demo's y/n prompt);
 * 2. critical risk (`rm -rf`, `DROP TABLE`, `curl … | sh`) → block;
 * 3. low risk (`cat`, `ls`, `get_*`) → allow;
 * 4. everything else → require_approval.
 *
 * @example
 * const { seed, apiKey } = createLocalSeed();
 * const server = await startMockServer({ seed });
 */
export function createLocalSeed(): LocalSeed {
  const workspaceId = randomUUID();
  const reviewerUserId = randomUUID();
  const apiKey = `agk_${randomBytes(20).toString("hex")}`;
  return {
    apiKey,
    workspaceId,
    reviewerUserId,
    seed: {
      workspaces: [
        {
          id: workspaceId,
          name: "Sentrail CLI (local)",
          settings: { unmatchedDecision: "require_approval" },
        },
      ],
      members: [{ workspaceId, userId: reviewerUserId, role: "reviewer", email: "reviewer@example.com" }],
      apiKeys: [{ workspaceId, key: apiKey, name: "sentrail CLI", scopes: ["evaluate", "mcp"] }],
      policies: [
        {
          workspaceId,
          name: "Require approval for force pushes",
          tool: "mcp",
          actionPattern: "git.force_push",
          mode: "require_approval",
          priority: 10,
        },
        {
          workspaceId,
          name: "Block critical shell commands",
          tool: "mcp",
          actionPattern: "*",
          conditions: { minRiskLevel: "critical" },
          mode: "block",
          priority: 20,
        },
        {
          workspaceId,
          name: "Allow reads",
          tool: "mcp",
          actionPattern: "*",
          conditions: { maxRiskLevel: "low" },
          mode: "allow",
          priority: 30,
        },
        {
          workspaceId,
          name: "Review other commands",
          tool: "mcp",
          actionPattern: "*",
          mode: "require_approval",
          priority: 40,
        },
      ],
    },
  };
}
