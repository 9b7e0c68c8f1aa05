import type { GuardPollingOptions, SentrailClient } from "@sentrail/client";
import type { SentrailAdminClient } from "@sentrail/client/admin";
import type { RunningMockServer } from "@sentrail/mock-server/node";
import type { DemoOutput } from "./create-demo-output";
import type { DemoReviewer } from "./demo-reviewer";

/** What every story step gets: the running mock, the clients, the reviewer and the output. */
export interface DemoContext {
  server: RunningMockServer;
  output: DemoOutput;
  reviewer: DemoReviewer;
  /** The agent's client (demo key, agent id); every adapter is built on it or on the same key. */
  sentrail: SentrailClient;
  /** The admin's client (kill switch). */
  admin: SentrailAdminClient;
  /** The mock's demo API key: the mock's own, accepted by no real Sentrail. */
  apiKey: string;
  agentId: string;
  workspaceId: string;
  /** Status-poll schedule for approval waits: quicker than production so the story stays short. */
  polling: GuardPollingOptions;
  /** How long a held call waits for its reviewer. */
  approvalTimeoutMs: number;
}
