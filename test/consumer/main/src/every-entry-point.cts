// The same entry points from a CommonJS TypeScript module (`import = require`, resolved with the
// `require` condition to the .d.cts types and compiled to require() calls).
import aiSdk = require("@sentrail/ai-sdk-middleware");
import client = require("@sentrail/client");
import admin = require("@sentrail/client/admin");
import webhooks = require("@sentrail/client/webhooks");
import redis = require("@sentrail/guard-store-redis");
import langchain = require("@sentrail/langchain-callback");
import mcp = require("@sentrail/mcp-gate-client");
import mock = require("@sentrail/mock-server");
import mockNode = require("@sentrail/mock-server/node");
import shell = require("@sentrail/mock-server/shell");
import cli = require("sentrail");

export const entryPoints = [
  aiSdk.withSentrail,
  client.createGuard,
  admin.createSentrailAdminClient,
  webhooks.verifyGitHubSignature,
  redis.createRedisGuardStore,
  langchain.createSentrailMiddleware,
  mcp.connectMcpGate,
  mock.createMockSentrail,
  mockNode.startMockServer,
  shell.classifyShellCommand,
  cli.parseConfig,
];
export type Outcome = client.GuardOutcome<string>;
