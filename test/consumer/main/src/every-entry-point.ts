// Every published entry point, imported as an ESM consumer does (type-checked under `bundler` and
// `node16`, and without skipLibCheck by tsconfig.declarations.json; the run-*.ts scripts exercise them).
import {
  createSentrailGate,
  createSentrailToolFilterMiddleware,
  withSentrail,
} from "@sentrail/ai-sdk-middleware";
import { createGuard, createSentrailClient, type GuardOutcome } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import { signGitHubPayload, verifyLinearSignature } from "@sentrail/client/webhooks";
import { createRedisGuardStore, type RedisGuardStoreClient } from "@sentrail/guard-store-redis";
import {
  createSentrailMiddleware,
  SentrailCallbackHandler,
  wrapToolWithSentrail,
} from "@sentrail/langchain-callback";
import { connectMcpGate, gateMcpClient, toMcpCallToolResult } from "@sentrail/mcp-gate-client";
import { createMockSentrail, createSentrailHandlers, type Seed } from "@sentrail/mock-server";
import { DEMO_API_KEY, demoSeed, setupMockSentrail, startMockServer } from "@sentrail/mock-server/node";
import { classifyShellCommand, type ShellClassification } from "@sentrail/mock-server/shell";
import { classifyToolCall, maskApiKey, parseConfig } from "sentrail";

export const entryPoints = {
  aiSdk: [createSentrailGate, createSentrailToolFilterMiddleware, withSentrail],
  client: [
    createGuard,
    createSentrailClient,
    createSentrailAdminClient,
    signGitHubPayload,
    verifyLinearSignature,
  ],
  redis: createRedisGuardStore,
  langchain: [createSentrailMiddleware, SentrailCallbackHandler, wrapToolWithSentrail],
  mcp: [connectMcpGate, gateMcpClient, toMcpCallToolResult],
  mock: [createMockSentrail, createSentrailHandlers, demoSeed, setupMockSentrail, startMockServer],
  cli: [classifyToolCall, maskApiKey, parseConfig],
};
export const demoKey: `agk_${string}` | string = DEMO_API_KEY;
export const seed: Seed = { workspaces: [{ name: "Consumer" }] };
export const shell: ShellClassification = classifyShellCommand("ls");
export type Outcome = GuardOutcome<{ orderId: string }>;
export type RedisClient = RedisGuardStoreClient;
