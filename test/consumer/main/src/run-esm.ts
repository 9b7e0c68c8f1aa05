// ESM consumer: the client, admin and webhook entry points and the mock's three entry points, against
// the tarball's mock both in process (startMockServer) and as the spawned `sentrail-mock` command.
import { verifyGitHubSignature } from "@sentrail/client/webhooks";
import { createMockSentrail } from "@sentrail/mock-server";
import { DEMO_API_KEY, DEMO_REVIEWER_USER_ID, demoSeed, startMockServer } from "@sentrail/mock-server/node";
import { classifyShellCommand } from "@sentrail/mock-server/shell";
import { check, passed } from "./check.js";
import { exerciseClient } from "./exercise-client.js";
import { startMockBin } from "./mock-bin.js";

const server = await startMockServer({ seed: demoSeed() });
try {
  check(new URL(server.origin).hostname === "127.0.0.1", `startMockServer listens on ${server.origin}`);
  const reviewerToken = server.seeded?.tokens[DEMO_REVIEWER_USER_ID];
  check(reviewerToken, "startMockServer seeded no reviewer token");
  await exerciseClient("startMockServer", { ...server, apiKey: DEMO_API_KEY, reviewerToken });
} finally {
  await server.close();
}

const bin = await startMockBin();
try {
  check(new URL(bin.origin).hostname === "127.0.0.1", `sentrail-mock listens on ${bin.origin}`);
  await exerciseClient("sentrail-mock", bin);
} finally {
  await bin.stop();
}

const mock = createMockSentrail();
const notFound = await mock.handle(new Request("http://127.0.0.1/functions/v1/nowhere"));
check(notFound.status === 404, `createMockSentrail().handle → ${notFound.status}`);
check(
  classifyShellCommand("rm -rf /tmp/x").riskLevel === "critical",
  "classifyShellCommand(rm -rf) is not critical",
);
const unsigned = await verifyGitHubSignature({ secret: "s3cret", payload: "{}", signature: null });
check(!unsigned.valid, "verifyGitHubSignature accepted a missing signature");
passed("@sentrail/mock-server handle, /shell classifyShellCommand, @sentrail/client/webhooks verify");
