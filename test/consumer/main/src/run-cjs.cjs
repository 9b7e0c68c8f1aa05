// @ts-check
// CommonJS consumer: plain require() of every entry point (type-checked by tsc with checkJs), then the
// client and guard against the tarball's mock through MSW in process (setupMockSentrail) and as the
// spawned `sentrail-mock` command.
const { spawn } = require("node:child_process");
const { resolve } = require("node:path");
const { createInterface } = require("node:readline");
const { withSentrail } = require("@sentrail/ai-sdk-middleware");
const { createGuard, createSentrailClient } = require("@sentrail/client");
const { createSentrailAdminClient } = require("@sentrail/client/admin");
const { signGitHubPayload, verifyGitHubSignature } = require("@sentrail/client/webhooks");
const { createRedisGuardStore } = require("@sentrail/guard-store-redis");
const { createSentrailMiddleware, wrapToolWithSentrail } = require("@sentrail/langchain-callback");
const { connectMcpGate } = require("@sentrail/mcp-gate-client");
const { createMockSentrail } = require("@sentrail/mock-server");
const {
  DEMO_API_KEY,
  DEMO_WORKSPACE_ID,
  demoSeed,
  setupMockSentrail,
} = require("@sentrail/mock-server/node");
const { classifyShellCommand } = require("@sentrail/mock-server/shell");
const { maskApiKey } = require("sentrail");

/** @param {unknown} condition @param {string} message @returns {asserts condition} */
function check(condition, message) {
  if (!condition) throw new Error(`consumer check failed: ${message}`);
}

/** @param {string} label @param {{ baseUrl: string, apiKey: string }} mock */
async function exercise(label, mock) {
  const client = createSentrailClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl });
  const decision = await client.evaluateAction({
    tool: "internal_api",
    action: "lookup_order",
    riskLevel: "low",
  });
  check(decision.decision === "allow", `${label}: evaluate → ${decision.decision}`);
  const guard = createGuard({ client, agentId: "consumer" });
  let runs = 0;
  const allowed = await guard.run(
    { toolName: "lookup_order", input: { orderId: "o_1" }, toolCallId: "c1" },
    () => {
      runs++;
      return "shipped";
    },
  );
  check(allowed.status === "executed" && runs === 1, `${label}: allowed → ${allowed.status}, ran ${runs}×`);
  const untrusted = createGuard({ client, agentId: "untrusted-bot" }); // the demo seed blocks this agent
  const blocked = await untrusted.run(
    { toolName: "lookup_order", input: { orderId: "o_2" }, toolCallId: "c2" },
    () => {
      runs++;
    },
  );
  check(blocked.status === "blocked" && runs === 1, `${label}: blocked → ${blocked.status}, ran ${runs}×`);
  console.log(`  ✓ ${label} (require): evaluate allow, guard allowed ran once, blocked never ran`);
}

/** @returns {Promise<{ baseUrl: string, apiKey: string, stop: () => void }>} */
function startMockBin() {
  const child = spawn(resolve("node_modules/.bin/sentrail-mock"), ["--port", "0", "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error("sentrail-mock printed no banner in 20 s")), 20_000);
    child.once("exit", (code) => fail(new Error(`sentrail-mock exited early (${code})`)));
    let baseUrl = "";
    createInterface({ input: /** @type {import("node:stream").Readable} */ (child.stdout) }).on(
      "line",
      (line) => {
        baseUrl ||= /\(API base (\S+)\)/.exec(line)?.[1] ?? "";
        const apiKey = /API key \([^)]*\):\s+(agk_\w+)/.exec(line)?.[1];
        if (baseUrl && apiKey) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          done({ baseUrl, apiKey, stop: () => child.kill("SIGTERM") });
        }
      },
    );
  });
}

async function main() {
  for (const entry of [
    withSentrail,
    createSentrailAdminClient,
    createRedisGuardStore,
    createSentrailMiddleware,
  ]) {
    check(typeof entry === "function", "a required entry point is not a function");
  }
  check(typeof wrapToolWithSentrail === "function" && typeof connectMcpGate === "function", "adapters");
  check(typeof createMockSentrail === "function" && DEMO_WORKSPACE_ID.length > 0, "mock entry points");
  check(classifyShellCommand("cat README.md").action === "shell.read", "classifyShellCommand(cat)");
  check(!maskApiKey(DEMO_API_KEY).includes(DEMO_API_KEY), "sentrail maskApiKey shows the key");
  const signature = await signGitHubPayload({ secret: "s3cret", payload: "{}" });
  check(
    (await verifyGitHubSignature({ secret: "s3cret", payload: "{}", signature })).valid,
    "webhook roundtrip",
  );
  console.log("  ✓ require() of every entry point, webhooks sign/verify roundtrip");

  const sentrail = setupMockSentrail({ seed: demoSeed(), onUnhandledRequest: "error" });
  await sentrail.listen();
  try {
    await exercise("setupMockSentrail (MSW)", { baseUrl: sentrail.baseUrl, apiKey: DEMO_API_KEY });
  } finally {
    sentrail.close();
  }

  const bin = await startMockBin();
  try {
    await exercise("sentrail-mock", bin);
  } finally {
    bin.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
