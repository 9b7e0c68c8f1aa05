import {
  createGuard,
  type GuardOptions,
  type GuardOutcome,
  type GuardPendingEvent,
  type SentrailClient,
  toGuardToolResult,
} from "@sentrail/client";

/** The deployment system the agent drives (your real one in production, a fake in tests). */
export interface Deployer {
  status(service: string): Promise<{ service: string; version: string }>;
  deploy(
    service: string,
    version: string,
    signal: AbortSignal,
  ): Promise<{ service: string; version: string }>;
  deleteEnvironment(name: string): Promise<void>;
}

/** Options of {@link createReleaseTools}. */
export interface ReleaseToolsOptions {
  /** The agent client (`createSentrailClient`). */
  sentrail: SentrailClient;
  deployer: Deployer;
  /** Told when a deploy waits for a reviewer (post a link in chat, …). */
  onPending?: (event: GuardPendingEvent) => void;
  /** The approval wait's schedule: keep the defaults in production; tests shorten them. */
  polling?: GuardOptions["polling"];
  approvalTimeoutMs?: number;
}

/**
 * The code under test: a release agent's three tools, each gated by Sentrail through the guard of
 * `@sentrail/client`. What the model gets back is `toGuardToolResult(outcome)`: the tool's result, or
 * why it did not run and whether a retry is safe. Fails closed: if Sentrail cannot answer, nothing
 * is deployed.
 *
 * @example
 * ```ts
 * const tools = createReleaseTools({ sentrail: createSentrailClient({ apiKey, projectRef }), deployer });
 * const forModel = await tools.deploy("call_1", "billing", "1.4.0");
 * ```
 */
export function createReleaseTools(options: ReleaseToolsOptions) {
  const { deployer } = options;
  const guard = createGuard({
    client: options.sentrail,
    agentId: "release-agent",
    tools: {
      deploy: {
        evaluation: (call) => ({
          action: "deploy.production",
          riskLevel: "high",
          resourceType: "service",
          resourceId: (call.input as { service: string }).service,
        }),
      },
    },
    onPending: options.onPending,
    polling: options.polling,
    approvalTimeoutMs: options.approvalTimeoutMs,
  });
  const answer = (outcome: GuardOutcome) => ({ outcome, forModel: toGuardToolResult(outcome) });
  return {
    async readStatus(toolCallId: string, service: string) {
      return answer(
        await guard.run({ toolName: "read_status", input: { service }, toolCallId }, () =>
          deployer.status(service),
        ),
      );
    },
    async deploy(toolCallId: string, service: string, version: string) {
      return answer(
        await guard.run({ toolName: "deploy", input: { service, version }, toolCallId }, ({ signal }) =>
          deployer.deploy(service, version, signal),
        ),
      );
    },
    async deleteEnvironment(toolCallId: string, name: string) {
      return answer(
        await guard.run({ toolName: "delete_environment", input: { name }, toolCallId }, () =>
          deployer.deleteEnvironment(name),
        ),
      );
    },
  };
}
