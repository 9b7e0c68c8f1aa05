import { createSentrailAdminClient } from "@sentrail/client/admin";
import { startMockServer } from "@sentrail/mock-server/node";
import { createLocalSeed } from "./create-local-seed";

/** An offline Sentrail on loopback, seeded with the CLI's local policies. */
export interface EmbeddedSentrail {
  /** `http://127.0.0.1:<port>/functions/v1`: the cloud URL to give the proxy. */
  baseUrl: string;
  /** The seeded key (never printed). */
  apiKey: string;
  workspaceId: string;
  /** Decides an approval as the seeded reviewer, through the real approval-decision endpoint. */
  decide(approvalRequestId: string, decision: "approved" | "denied"): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `@sentrail/mock-server` (the same server as `sentrail-mock`) on 127.0.0.1 with a free port
 * and {@link createLocalSeed}'s policies: what `sentrail demo` and `sentrail test --mock` use instead
 * of the cloud. Nothing leaves the machine.
 *
 * @example
 * const sentrail = await startEmbeddedSentrail();
 * const proxy = await startInterceptor({ config: { apiKey: sentrail.apiKey, cloudUrl: sentrail.baseUrl }, upstream });
 */
export async function startEmbeddedSentrail(): Promise<EmbeddedSentrail> {
  const local = createLocalSeed();
  const server = await startMockServer({ port: 0, host: "127.0.0.1", seed: local.seed });
  const reviewerToken = server.seeded?.tokens[local.reviewerUserId];
  if (!reviewerToken) {
    await server.close();
    throw new Error("the embedded Sentrail answered no reviewer token");
  }
  const reviewer = createSentrailAdminClient({ baseUrl: server.baseUrl, accessToken: reviewerToken });
  return {
    baseUrl: server.baseUrl,
    apiKey: local.apiKey,
    workspaceId: local.workspaceId,
    async decide(approvalRequestId, decision) {
      await reviewer.decideApproval({ approvalRequestId, decision, reason: "Decided in the sentrail CLI" });
    },
    close: () => server.close(),
  };
}
