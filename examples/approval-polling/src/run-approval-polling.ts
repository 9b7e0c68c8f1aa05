// Waiting for a human, with `waitForApproval` from @sentrail/client: the loop every Sentrail adapter
// uses under the hood, here on its own. Each wait polls GET /gateway-proxy/status/{correlationId} with
// backoff (shortened here so the story takes a few seconds; production keeps 1 s growing to 10 s) and
// resolves with a union on `status`, never by throwing for a decision. Runs against the offline mock
// as a real HTTP server; exits non-zero when any step of the story does not happen.
import { randomUUID } from "node:crypto";
import { type ApprovalPollUpdate, createSentrailClient, type WaitForApprovalOptions } from "@sentrail/client";
import { createSentrailAdminClient } from "@sentrail/client/admin";
import type { Seed } from "@sentrail/mock-server";
import { startMockServer } from "@sentrail/mock-server/node";
import { createCountingFetch } from "./create-counting-fetch";

const WORKSPACE_ID = randomUUID();
const REVIEWER_ID = randomUUID();
const ADMIN_ID = randomUUID();
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
/** The status-poll schedule for this story: 50 ms growing to 200 ms. */
const QUICK: WaitForApprovalOptions = { initialDelayMs: 50, maxDelayMs: 200 };

const seed: Seed = {
  workspaces: [
    {
      id: WORKSPACE_ID,
      name: "Acme",
      settings: { unmatchedDecision: "require_approval", approvalTtlHours: 24 },
    },
  ],
  members: [
    { userId: REVIEWER_ID, role: "reviewer", email: "reviewer@acme.test" },
    { userId: ADMIN_ID, role: "admin", email: "admin@acme.test" },
  ],
  apiKeys: [{ key: API_KEY, name: "release-bot", scopes: ["evaluate", "gateway"] }],
  policies: [
    {
      name: "A person approves deploys",
      tool: "internal_api",
      actionPattern: "deploy.*",
      mode: "require_approval",
    },
    {
      name: "Require approval for PRs",
      tool: "github",
      actionPattern: "pull_request.*",
      mode: "require_approval",
    },
  ],
  toolConnections: [{ tool: "github", config: { access_token: "gho_example_token", repos: ["acme/app"] } }],
};

const failures: string[] = [];
function check(condition: boolean, what: string): void {
  console.log(`${condition ? "  ok  " : "  FAIL"} ${what}`);
  if (!condition) failures.push(what);
}

const server = await startMockServer({ seed });
try {
  const tokens = server.seeded?.tokens ?? {};
  const counting = createCountingFetch();
  const sentrail = createSentrailClient({
    apiKey: API_KEY,
    baseUrl: server.baseUrl,
    agentId: "release-bot",
    fetch: counting.fetch,
  });
  const reviewer = createSentrailAdminClient({
    baseUrl: server.baseUrl,
    accessToken: tokens[REVIEWER_ID] ?? "",
  });
  const admin = createSentrailAdminClient({ baseUrl: server.baseUrl, accessToken: tokens[ADMIN_ID] ?? "" });
  /** The reviewer decides `delayMs` after being asked, through the real approval-decision endpoint. */
  const decideLater = (approvalRequestId: string, decision: "approved" | "denied", delayMs: number) =>
    new Promise((resolve) => setTimeout(resolve, delayMs)).then(() =>
      reviewer.decideApproval({ approvalRequestId, decision, reason: "reviewed in the example" }),
    );
  /** Asks evaluate-action about one deploy; every deploy needs a person. */
  const askToDeploy = async (service: string) => {
    const decision = await sentrail.evaluateAction({
      tool: "internal_api",
      action: "deploy.production",
      riskLevel: "high",
      resourceId: service,
    });
    if (decision.decision !== "require_approval")
      throw new Error(`expected require_approval, got ${decision.decision}`);
    return decision;
  };

  console.log("1. evaluate-action asks for approval; the wait ends `approved`; the caller deploys once");
  const deploys: string[] = [];
  const first = await askToDeploy("billing");
  const updates: ApprovalPollUpdate[] = [];
  const [approved] = await Promise.all([
    sentrail.waitForApproval(first.correlationId, { ...QUICK, onUpdate: (update) => updates.push(update) }),
    decideLater(first.approvalRequestId, "approved", 400),
  ]);
  if (approved.status === "approved") deploys.push("billing"); // evaluate-action approvals: you run it
  check(approved.status === "approved", `approved after ${approved.polls} polls in ${approved.elapsedMs} ms`);
  check(
    updates.length === approved.polls && updates.at(-1)?.status === "approved",
    "onUpdate saw every poll, the last one approved",
  );
  check(
    updates.slice(0, -1).every((update) => update.status === "pending"),
    "the earlier polls saw it pending",
  );
  check(deploys.length === 1, "the deploy ran once");

  console.log('2. A gateway call held for approval: wait `until: "execution"` for Sentrail\'s replay result');
  const held = await sentrail.gateway.github({
    method: "POST",
    path: "/repos/acme/app/pulls",
    body: { title: "Release 1.4", head: "release-1.4", base: "main" },
  });
  if (held.kind !== "pending_approval") throw new Error(`expected pending_approval, got ${held.kind}`);
  const [executed] = await Promise.all([
    sentrail.waitForApproval(held.correlationId, { ...QUICK, until: "execution" }),
    decideLater(held.approvalRequestId, "approved", 300),
  ]);
  const pull = executed.status === "executed" ? (executed.result as { html_url?: string }) : undefined;
  check(executed.status === "executed", "executed: Sentrail replayed the stored call");
  check(
    pull?.html_url === "https://github.com/acme/app/pull/1",
    `the result is GitHub's answer (${pull?.html_url})`,
  );
  const pulls = server.mock.control.state().upstreamRequests.filter((row) => row.url.endsWith("/pulls"));
  check(pulls.length === 1, "GitHub received the pull request exactly once");

  console.log("3. The status endpoint fails twice (503): polls are read-only, so the wait retries them");
  const flaky = await askToDeploy("search");
  server.mock.control.faults({ endpoint: "status", status: 503, times: 2 });
  const pollsBefore = counting.statusPolls;
  const [survived] = await Promise.all([
    sentrail.waitForApproval(flaky.correlationId, QUICK),
    decideLater(flaky.approvalRequestId, "denied", 300),
  ]);
  check(survived.status === "denied", "the wait kept going and saw the denial");
  check(
    counting.statusPolls - pollsBefore >= 3,
    `${counting.statusPolls - pollsBefore} status requests, two of them answered 503`,
  );

  console.log("4. The caller gives up: an AbortSignal ends the wait `aborted`, nothing left running");
  const abandoned = await askToDeploy("ledger");
  const aborted = await sentrail.waitForApproval(abandoned.correlationId, {
    ...QUICK,
    signal: AbortSignal.timeout(300),
  });
  check(aborted.status === "aborted" && aborted.lastStatus === "pending", "aborted while pending");

  console.log(
    "5. Nobody answers: `timeoutMs` ends the wait `timed_out`; the approval lives on until its TTL",
  );
  const timedOut = await sentrail.waitForApproval(abandoned.correlationId, { ...QUICK, timeoutMs: 300 });
  check(
    timedOut.status === "timed_out" && timedOut.lastStatus === "pending",
    "timed out, still pending at Sentrail",
  );
  server.mock.control.clock({ advanceMs: 25 * 60 * 60 * 1000 }); // the mock's clock: 25 hours later
  const expired = await sentrail.waitForApproval(abandoned.correlationId, QUICK);
  check(
    expired.status === "expired",
    "25 hours later (mock clock) the same approval is expired: do not deploy",
  );

  console.log("6. An admin pulls the kill switch during a wait: `stopOnKillSwitch` ends it at once");
  const stopped = await askToDeploy("payments");
  const [killed] = await Promise.all([
    sentrail.waitForApproval(stopped.correlationId, { ...QUICK, stopOnKillSwitch: true }),
    new Promise((resolve) => setTimeout(resolve, 200)).then(() => admin.enableKillSwitch(WORKSPACE_ID)),
  ]);
  check(
    killed.status === "kill_switch" && killed.killSwitch?.global === true,
    "kill_switch, with the switch's state",
  );
  check(deploys.length === 1, "still exactly one deploy");
} finally {
  await server.close();
}

if (failures.length > 0) {
  console.error(`\nThe story did not happen: ${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log("\nThe story happened: every check passed.");
