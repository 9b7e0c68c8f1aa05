import { randomUUID } from "node:crypto";
import { createSentrailAdminClient, type SentrailAdminClient } from "@sentrail/client/admin";
import type { MockState } from "@sentrail/mock-server";
import { type RunningMockServer, startMockServer } from "@sentrail/mock-server/node";
import { createLocalSeed } from "../../src/checks/create-local-seed";

/** `sentrail-mock`'s server on loopback with the CLI's local policies, an admin and a reviewer. */
export interface SentrailFixture {
  server: RunningMockServer;
  baseUrl: string;
  apiKey: string;
  workspaceId: string;
  reviewer: SentrailAdminClient;
  admin: SentrailAdminClient;
  state(): MockState;
  /** Resolves with the id of a pending approval request not answered before (polls the mock's state). */
  pendingApproval(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts `startMockServer` (what the `sentrail-mock` command runs) on 127.0.0.1:0, seeded with
 * {@link createLocalSeed} plus a block policy for `delete_*` tools and an admin member.
 *
 * @example
 * const sentrail = await startSentrailFixture();
 */
export async function startSentrailFixture(): Promise<SentrailFixture> {
  const local = createLocalSeed();
  const adminId = randomUUID();
  const seed = {
    ...local.seed,
    members: [
      ...(local.seed.members ?? []),
      { workspaceId: local.workspaceId, userId: adminId, role: "admin" as const, email: "admin@example.com" },
    ],
    policies: [
      {
        workspaceId: local.workspaceId,
        name: "Block deletes",
        tool: "mcp" as const,
        actionPattern: "delete_*",
        mode: "block" as const,
        priority: 5,
      },
      ...(local.seed.policies ?? []),
    ],
  };
  const server = await startMockServer({ port: 0, host: "127.0.0.1", seed });
  const tokens = server.seeded?.tokens ?? {};
  const reviewer = createSentrailAdminClient({
    baseUrl: server.baseUrl,
    accessToken: tokens[local.reviewerUserId]!,
  });
  const admin = createSentrailAdminClient({ baseUrl: server.baseUrl, accessToken: tokens[adminId]! });
  const state = () => server.mock.control.state();
  const seen = new Set<string>();
  return {
    server,
    baseUrl: server.baseUrl,
    apiKey: local.apiKey,
    workspaceId: local.workspaceId,
    reviewer,
    admin,
    state,
    async pendingApproval() {
      for (;;) {
        const pending = state().approvalRequests.find((row) => row.status === "pending" && !seen.has(row.id));
        if (pending) {
          seen.add(pending.id);
          return pending.id;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => server.close(),
  };
}
