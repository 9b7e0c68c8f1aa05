// Webhook signatures, both sides of Sentrail:
//   A. your own receiver verifies GitHub and Linear webhooks with @sentrail/client/webhooks;
//   B. Sentrail's own webhook endpoints (here the offline mock) verify the same signatures with the
//      secret stored on the tool connection, audit what they accept and store nothing they reject.
// Signatures are produced with signGitHubPayload / signLinearPayload, exactly as GitHub and Linear
// compute them. Everything listens on loopback; exits non-zero when any step does not happen.
import { randomUUID } from "node:crypto";
import { signGitHubPayload, signLinearPayload, verifyGitHubSignature } from "@sentrail/client/webhooks";
import type { Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";
import { startWebhookReceiver } from "./start-webhook-receiver";

// Example secrets for this local story only; real ones come from your secret store.
const GITHUB_SECRET = "example-github-webhook-secret";
const LINEAR_SECRET = "example-linear-webhook-secret";

const failures: string[] = [];
function check(condition: boolean, what: string): void {
  console.log(`${condition ? "  ok  " : "  FAIL"} ${what}`);
  if (!condition) failures.push(what);
}

/** POSTs a body with headers and returns the status and the answer's text. */
async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: response.status, text: await response.text() };
}

// Pretty-printed on purpose: the bytes on the wire are what is signed, whitespace included.
const pullRequestOpened = JSON.stringify(
  {
    action: "opened",
    number: 7,
    pull_request: { title: "Release 1.4", merged: false },
    repository: { full_name: "acme/app" },
    sender: { login: "octocat" },
  },
  null,
  2,
);

console.log("A. Your receiver");
const receiver = await startWebhookReceiver({ githubSecret: GITHUB_SECRET, linearSecret: LINEAR_SECRET });
try {
  const github = `${receiver.origin}/webhooks/github`;
  const linear = `${receiver.origin}/webhooks/linear`;
  const signature = await signGitHubPayload({ secret: GITHUB_SECRET, payload: pullRequestOpened });

  console.log("1. A correctly signed GitHub delivery is handled");
  const accepted = await post(github, pullRequestOpened, {
    "x-github-event": "pull_request",
    "x-hub-signature-256": signature,
  });
  check(accepted.status === 202 && receiver.handled.length === 1, "202, handled once");

  console.log("2. Anything else is refused with 401 and never reaches the handler");
  const tampered = pullRequestOpened.replace('"merged": false', '"merged": true');
  const forged = await post(github, tampered, { "x-hub-signature-256": signature });
  check(forged.status === 401 && forged.text === "invalid_signature", "a changed body: invalid_signature");
  const wrongSecret = await signGitHubPayload({ secret: "someone-elses-secret", payload: pullRequestOpened });
  const stranger = await post(github, pullRequestOpened, { "x-hub-signature-256": wrongSecret });
  check(
    stranger.status === 401 && stranger.text === "invalid_signature",
    "another secret: invalid_signature",
  );
  const unsigned = await post(github, pullRequestOpened, {});
  check(unsigned.status === 401 && unsigned.text === "missing_signature", "no header: missing_signature");
  check(receiver.handled.length === 1, "the handler still ran only once");

  console.log("3. Why the raw body: the same event, re-serialised, no longer matches its signature");
  const reserialised = JSON.stringify(JSON.parse(pullRequestOpened));
  const mismatch = await verifyGitHubSignature({ secret: GITHUB_SECRET, payload: reserialised, signature });
  check(
    !mismatch.valid,
    "JSON.stringify(JSON.parse(body)) fails verification: verify the bytes you received",
  );

  console.log("4. Linear: signature first, then the webhookTimestamp must be within five minutes");
  const fresh = JSON.stringify({
    type: "Issue",
    action: "create",
    data: { title: "Flaky test" },
    webhookTimestamp: Date.now(),
  });
  const linearAccepted = await post(linear, fresh, {
    "linear-signature": await signLinearPayload({ secret: LINEAR_SECRET, payload: fresh }),
  });
  check(
    linearAccepted.status === 202 && receiver.handled.length === 2,
    "a fresh, signed delivery: 202, handled",
  );
  const replayed = JSON.stringify({
    type: "Issue",
    action: "create",
    data: { title: "Flaky test" },
    webhookTimestamp: Date.now() - 10 * 60_000,
  });
  const replay = await post(linear, replayed, {
    "linear-signature": await signLinearPayload({ secret: LINEAR_SECRET, payload: replayed }),
  });
  check(
    replay.status === 401 && replay.text === "timestamp_outside_window",
    "validly signed but 10 minutes old: refused (replay)",
  );
  check(receiver.handled.length === 2, "the handler ran for the two genuine deliveries only");
} finally {
  await receiver.close();
}

console.log("B. Sentrail's own webhook endpoint (the offline mock)");
const workspaceId = randomUUID();
const seed: Seed = {
  workspaces: [{ id: workspaceId, name: "Acme" }],
  policies: [{ name: "Watch pull requests", tool: "github", actionPattern: "pull_request.*", mode: "allow" }],
  toolConnections: [
    {
      tool: "github",
      config: { access_token: "gho_example_token", repos: ["acme/app"], webhook_secret: GITHUB_SECRET },
    },
  ],
};
const server = await startMockServer({ seed });
try {
  const endpoint = `${server.baseUrl}/webhook-github`;
  const signature = await signGitHubPayload({ secret: GITHUB_SECRET, payload: pullRequestOpened });

  console.log("5. Signed with the connection's webhook secret: verified, evaluated, audited");
  const processed = await post(endpoint, pullRequestOpened, {
    "x-github-event": "pull_request",
    "x-hub-signature-256": signature,
  });
  const answer = JSON.parse(processed.text) as {
    processed?: boolean;
    decision?: string;
    auditLogId?: string;
  };
  check(
    processed.status === 200 && answer.processed === true && answer.decision === "allow",
    "200, processed, decision allow",
  );
  const state = server.mock.control.state();
  const row = state.auditLogs.find((entry) => entry.id === answer.auditLogId);
  check(
    row?.action === "pull_request.opened" && row.source === "webhook",
    "an audit row: pull_request.opened, source webhook",
  );

  console.log("6. A forged delivery: 401, nothing stored, nothing audited");
  const forged = await post(endpoint, pullRequestOpened.replace("octocat", "mallory"), {
    "x-github-event": "pull_request",
    "x-hub-signature-256": signature,
  });
  check(forged.status === 401 && forged.text.includes("Invalid signature"), '401 "Invalid signature"');
  const after = server.mock.control.state();
  check(
    after.webhookEvents.length === 1 && after.auditLogs.length === 1,
    "still one stored event and one audit row",
  );
} finally {
  await server.close();
}

if (failures.length > 0) {
  console.error(`\nThe story did not happen: ${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log("\nThe story happened: every check passed.");
