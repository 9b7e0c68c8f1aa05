// The reviewer page (`sentrail-mock` at `/`), driven in a real Chromium through playwright-core the way a
// person uses it (roles and labels), against the real node server, while agent-style calls wait in
// @sentrail/client's guard. Needs the built page (`npx tsup`) and Chromium (/usr/bin/chromium, or
// CHROMIUM_PATH); `.ci/run` installs it. Without Chromium every test here fails, by design.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGuard, createSentrailClient, type GuardOutcome } from "@sentrail/client";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Seed } from "../../src/engine/seed-types.js";
import { type RunningMockServer, startMockServer } from "../../src/node.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOT = fileURLToPath(new URL("../../docs/reviewer-approvals.png", import.meta.url));

const WORKSPACE_ID = "7e570000-0000-4000-8000-000000000001";
const USERS = {
  owner: { id: "7e570000-0000-4000-8000-0000000000a0", email: "owner@acme.test" },
  admin: { id: "7e570000-0000-4000-8000-0000000000a1", email: "admin@acme.test" },
  reviewer: { id: "7e570000-0000-4000-8000-0000000000a2", email: "reviewer@acme.test" },
  reviewer2: { id: "7e570000-0000-4000-8000-0000000000a3", email: "second-reviewer@acme.test" },
  member: { id: "7e570000-0000-4000-8000-0000000000a4", email: "viewer@acme.test" },
} as const;
type UserName = keyof typeof USERS;
const API_KEY = `agk_${"5e".repeat(20)}`;
const AGENT = "coding-agent";

const SEED: Seed = {
  workspaces: [{ id: WORKSPACE_ID, name: "Acme", environment: "test" }],
  members: [
    { workspaceId: WORKSPACE_ID, userId: USERS.owner.id, role: "owner", email: USERS.owner.email },
    { workspaceId: WORKSPACE_ID, userId: USERS.admin.id, role: "admin", email: USERS.admin.email },
    { workspaceId: WORKSPACE_ID, userId: USERS.reviewer.id, role: "reviewer", email: USERS.reviewer.email },
    { workspaceId: WORKSPACE_ID, userId: USERS.reviewer2.id, role: "reviewer", email: USERS.reviewer2.email },
    { workspaceId: WORKSPACE_ID, userId: USERS.member.id, role: "member", email: USERS.member.email },
  ],
  apiKeys: [{ workspaceId: WORKSPACE_ID, key: API_KEY, name: "agent", scopes: ["evaluate", "gateway"] }],
  policies: [
    {
      workspaceId: WORKSPACE_ID,
      name: "Allow reads",
      tool: "github",
      actionPattern: "read",
      mode: "allow",
      priority: 10,
    },
    {
      workspaceId: WORKSPACE_ID,
      name: "Require approval for PRs",
      tool: "github",
      actionPattern: "pull_request.*",
      mode: "require_approval",
      priority: 50,
    },
    {
      workspaceId: WORKSPACE_ID,
      name: "Block the rest",
      tool: "*",
      actionPattern: "*",
      mode: "block",
      priority: 900,
    },
  ],
  toolConnections: [
    {
      workspaceId: WORKSPACE_ID,
      tool: "github",
      config: { access_token: "gho_reviewerpagetest", repos: ["acme/app"] },
    },
  ],
  agents: [{ workspaceId: WORKSPACE_ID, name: AGENT }],
};

let server: RunningMockServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every URL the browser asked for, and the ones that were not the mock's own origin (aborted). */
const requested: string[] = [];
const refused: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the reviewer page's browser tests need it. Install Debian's ` +
        "chromium (`apt-get install chromium`, as .ci/run does) or set CHROMIUM_PATH.",
    );
  }
  server = await startMockServer({ seed: SEED });
  if (!server.reviewerUrl) {
    throw new Error("The reviewer page is not built: run `npx tsup` in packages/mock-server first.");
  }
  // playwright's launch() always uses a fresh temporary profile (--user-data-dir), removed on close.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
});

/** A fresh browser context (its own sessionStorage: one person), confined to the mock's origin. */
async function openPage(options: { width?: number; height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    serviceWorkers: "block",
  });
  contexts.push(context);
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requested.push(url);
    if (new URL(url).origin !== server.origin) {
      refused.push(url);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  return context.newPage();
}

async function signIn(page: Page, user: UserName): Promise<void> {
  await page.goto(server.origin);
  const role = SEED.members?.find((member) => member.userId === USERS[user].id)?.role;
  await page.getByLabel("User").selectOption({ label: `${USERS[user].email} — ${role} — Acme` });
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${USERS[user].email}`).waitFor();
}

/** The approval card whose payload carries `title` (pending or decided: one card per approval). */
function card(page: Page, title: string): Locator {
  return page.getByRole("article").filter({ hasText: title });
}

/** An agent-style call: the guard sends it through the GitHub gateway and waits for the reviewer. */
function startAgentCall(title: string) {
  const client = createSentrailClient({ apiKey: API_KEY, baseUrl: server.baseUrl, agentId: AGENT });
  let localRuns = 0;
  const guard = createGuard({
    client,
    agentId: AGENT,
    // Sentrail keeps the call and replays it after approval: the agent must not run it itself.
    replay: "sentrail",
    polling: { initialDelayMs: 100, maxDelayMs: 250 },
    approvalTimeoutMs: 60_000,
    evaluate: async (input, options) => {
      const result = await client.gateway.github(
        { method: "POST", path: "/repos/acme/app/pulls", body: input.payload },
        options,
      );
      if (result.kind !== "pending_approval")
        throw new Error(`expected the call to be held, got ${result.kind}`);
      return {
        decision: "require_approval",
        reason: result.reason,
        matchedPolicyId: result.matchedPolicyId ?? null,
        auditLogId: result.auditLogId,
        correlationId: result.correlationId,
        approvalRequestId: result.approvalRequestId,
      };
    },
  });
  const outcome: Promise<GuardOutcome> = guard.run(
    { toolName: "open_pull_request", input: { title, head: "feature", base: "main" }, toolCallId: title },
    () => {
      localRuns += 1;
      return "ran locally";
    },
  );
  return { outcome, localRuns: () => localRuns };
}

/** Upstream calls that opened a pull request with this title (the replay is the only way there). */
function pullRequestsOpened(title: string): number {
  return server.mock.control
    .state()
    .upstreamRequests.filter(
      (record) =>
        record.method === "POST" &&
        record.url.endsWith("/repos/acme/app/pulls") &&
        JSON.stringify(record.body).includes(title),
    ).length;
}

function approvalFor(title: string) {
  const approval = server.mock.control
    .state()
    .approvalRequests.find((row) => JSON.stringify(row.payload).includes(title));
  if (!approval) throw new Error(`no approval request for ${title}`);
  return approval;
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}

// A browser on a shared 2-core machine: generous bounds; every wait inside is explicit.
describe("the reviewer page", { timeout: 60_000 }, () => {
  it("shows a held agent call live; a reviewer approves it, sees the replay and the audit trail; the call runs once", async () => {
    const page = await openPage();
    await signIn(page, "reviewer");
    await page.getByRole("heading", { name: "Approvals" }).waitFor();

    // The call is made after the page loaded: it must appear without a reload.
    const agent = startAgentCall("Add feature X");
    const held = card(page, "Add feature X");
    await held.waitFor({ timeout: 10_000 });
    const text = await textOf(held);
    expect(text).toContain("github · pull_request.create");
    expect(text).toContain("high risk");
    expect(text).toContain(AGENT);
    expect(text).toMatch(/agent id: [0-9a-f-]{36}/);
    expect(text).toMatch(/Expires.*\(in (24 h 00|23 h 5\d) min\)/);
    await held.getByText("✓ verified: matches the stored call").waitFor();
    expect(text).toContain(approvalFor("Add feature X").action_hash ?? "no hash");
    await held.getByText("Full payload").click();
    expect(await textOf(held.locator("pre.json").first())).toContain('"title": "Add feature X"');

    if (process.env.UPDATE_SCREENSHOTS === "1") {
      const shot = join(tmpdir(), `reviewer-approvals-${process.pid}.png`);
      await page.screenshot({ path: shot, fullPage: false });
      mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
      copyFileSync(shot, SCREENSHOT);
    }

    await held.getByLabel("Reason (optional)").fill("Reviewed the diff");
    await held.getByRole("button", { name: "Approve" }).click();
    await held.getByText("Approved. Replay: executed (the stored call ran once).").waitFor();
    await held.getByText("Replay result: executed").waitFor();
    expect(await textOf(held)).toContain("https://github.com/acme/app/pull/");
    expect(await textOf(held)).toContain("Decided by reviewer@acme.test");

    const outcome = await agent.outcome;
    expect(outcome.status).toBe("executed");
    expect(outcome.status === "executed" && outcome.via).toBe("sentrail_replay");
    expect(agent.localRuns()).toBe(0);
    expect(pullRequestsOpened("Add feature X")).toBe(1);

    // The correlation id links the held call and its decision in the audit log.
    await held.getByRole("button", { name: "Show in audit log" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    const lifecycle = page.getByRole("region", { name: "Lifecycle of one call" });
    await lifecycle.getByText(/Approval: executed by reviewer@acme\.test/).waitFor();
    const rows = page.locator("table.audit tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await textOf(rows.nth(0))).toMatch(
      /allow.*\(decision\).*Approved by reviewer \(reviewer@acme\.test\): “Reviewed the diff”/,
    );
    expect(await textOf(rows.nth(1))).toMatch(/require_approval.*\(held\)/);
  });

  it("denies with a reason: the waiting call ends denied and never runs", async () => {
    const page = await openPage();
    await signIn(page, "reviewer");
    const agent = startAgentCall("Force-push main");
    const held = card(page, "Force-push main");
    await held.waitFor({ timeout: 10_000 });
    await held.getByLabel("Reason (optional)").fill("Use the release branch");
    await held.getByRole("button", { name: "Deny" }).click();
    await held.getByText("Denied. The agent's call will not run.").waitFor();
    await held.getByText(/reason: .?Use the release branch/).waitFor();

    const outcome = await agent.outcome;
    expect(outcome.status).toBe("denied");
    expect(outcome.approvalRequestId).toBe(approvalFor("Force-push main").id);
    expect(agent.localRuns()).toBe(0);
    expect(pullRequestsOpened("Force-push main")).toBe(0);
    // The reason is recorded with the decision (approval row and audit row); §4.3's poll answer has no
    // field for it, so the agent learns "denied" only.
    expect(approvalFor("Force-push main").review_reason).toBe("Use the release branch");
  });

  it("lets a viewer (member) see held calls but not decide them; a forced decision is refused 403", async () => {
    const page = await openPage();
    await signIn(page, "member");
    const agent = startAgentCall("Viewer sees this");
    const held = card(page, "Viewer sees this");
    await held.waitFor({ timeout: 10_000 });
    await held.getByText("Your role (member) can see approvals but not decide them").waitFor();
    expect(await held.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await held.getByRole("button", { name: "Deny" }).count()).toBe(0);

    // The page hides the buttons; the endpoint is what refuses. Same token, same origin, straight fetch.
    const approvalRequestId = approvalFor("Viewer sees this").id;
    const forced = await page.evaluate(async (id) => {
      const session = JSON.parse(sessionStorage.getItem("sentrail-mock-reviewer-session") ?? "{}");
      const response = await fetch("/functions/v1/approval-decision", {
        method: "POST",
        headers: { authorization: `Bearer ${session.token}`, "content-type": "application/json" },
        body: JSON.stringify({ approvalRequestId: id, decision: "approved" }),
      });
      return { status: response.status, body: await response.json() };
    }, approvalRequestId);
    expect(forced).toEqual({ status: 403, body: { ok: false, error: "Reviewer role required" } });
    expect(approvalFor("Viewer sees this").status).toBe("pending");

    // The viewer sees the kill switch too, without the controls.
    await page.getByRole("link", { name: "Kill switch" }).click();
    await page
      .getByText("Your role (member) can see the kill switch; only admins and owners change it.")
      .waitFor();
    expect(await page.getByRole("button", { name: /kill switch/ }).count()).toBe(0);

    // Let the waiting call end: a reviewer denies it through the API.
    const reviewerToken = server.seeded?.tokens[USERS.reviewer.id] ?? "";
    await fetch(`${server.baseUrl}/approval-decision`, {
      method: "POST",
      headers: { authorization: `Bearer ${reviewerToken}`, "content-type": "application/json" },
      body: JSON.stringify({ approvalRequestId, decision: "denied" }),
    });
    expect((await agent.outcome).status).toBe("denied");
  });

  it("lets two reviewers decide at once: one wins, the other sees who decided", async () => {
    const [first, second] = [await openPage(), await openPage()];
    await signIn(first, "reviewer");
    await signIn(second, "reviewer2");
    const agent = startAgentCall("Race for it");
    const [cardA, cardB] = [card(first, "Race for it"), card(second, "Race for it")];
    await Promise.all([cardA.waitFor({ timeout: 10_000 }), cardB.waitFor({ timeout: 10_000 })]);
    // Both decisions reach the server before either is handled: a real race at the compare-and-set.
    server.mock.control.faults({ endpoint: "approval-decision", delayMs: 400, times: 2 });
    await Promise.all([
      cardA.getByRole("button", { name: "Approve" }).click(),
      cardB.getByRole("button", { name: "Approve" }).click(),
    ]);
    await expect.poll(() => approvalFor("Race for it").reviewed_by, { timeout: 10_000 }).not.toBeNull();
    const winner = approvalFor("Race for it").reviewed_by === USERS.reviewer.id ? "reviewer" : "reviewer2";
    const [won, lost] = winner === "reviewer" ? [cardA, cardB] : [cardB, cardA];
    await won.getByText("Approved. Replay: executed (the stored call ran once).").waitFor();
    await lost
      .getByRole("alert")
      .getByText(
        new RegExp(
          `^Already decided by ${USERS[winner].email.replace(/\./g, "\\.")} \\((approved|executed)\\)\\. Your decision was not recorded\\.$`,
        ),
      )
      .waitFor();
    expect((await agent.outcome).status).toBe("executed");
    expect(pullRequestsOpened("Race for it")).toBe(1);
  });

  it("approves with the keyboard alone", async () => {
    const page = await openPage();
    await signIn(page, "reviewer");
    const agent = startAgentCall("Keyboard only");
    const held = card(page, "Keyboard only");
    await held.waitFor({ timeout: 10_000 });
    const approve = held.getByRole("button", { name: "Approve" });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let reached = false;
    for (let presses = 0; presses < 60 && !reached; presses += 1) {
      await page.keyboard.press("Tab");
      reached = await approve.evaluate((button) => button === document.activeElement);
      if (
        !reached &&
        (await held.getByLabel("Reason (optional)").evaluate((area) => area === document.activeElement))
      ) {
        await page.keyboard.type("Checked with the keyboard");
      }
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await held.getByText("Approved. Replay: executed (the stored call ran once).").waitFor();
    // Focus moved to the answer, so a screen reader user hears it.
    await expect
      .poll(() => held.locator(".feedback").evaluate((element) => element === document.activeElement))
      .toBe(true);
    expect((await agent.outcome).status).toBe("executed");
    expect(approvalFor("Keyboard only").review_reason).toBe("Checked with the keyboard");
  });

  it("fits a 375 px phone screen without horizontal scrolling, in every view", async () => {
    const page = await openPage({ width: 375, height: 740 });
    await signIn(page, "admin");
    const agent = startAgentCall("A rather long pull request title that has to wrap on a phone screen");
    await card(page, "A rather long pull request title").waitFor({ timeout: 10_000 });
    await card(page, "A rather long pull request title").getByText("Full payload").click();
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    for (const view of ["Audit log", "Kill switch", "Policies"]) {
      await page.getByRole("link", { name: view }).click();
      await page.getByRole("heading", { name: view, level: 2 }).waitFor();
      expect(await overflow(), view).toBeLessThanOrEqual(0);
      // No secret is ever on screen: no API key (nor its hash), no tool token, no user token.
      const html = await page.content();
      for (const secret of [API_KEY, "agk_", "gho_reviewerpagetest", "key_hash", "eyJ"]) {
        expect(html, `${view} shows ${secret}`).not.toContain(secret);
      }
    }
    // Policies: in priority order, with what they matched.
    const policies = page.locator("ol.policies > li");
    expect(await policies.count()).toBe(3);
    expect(await textOf(policies.nth(0))).toContain("Allow reads");
    expect(await textOf(policies.nth(1))).toMatch(
      /Require approval for PRs.*Matched \d+ evaluations?; last: github · pull_request\.create/,
    );
    expect(await textOf(policies.nth(2))).toContain("Not matched yet.");

    const token = server.seeded?.tokens[USERS.reviewer.id] ?? "";
    await fetch(`${server.baseUrl}/approval-decision`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ approvalRequestId: approvalFor("A rather long").id, decision: "denied" }),
    });
    expect((await agent.outcome).status).toBe("denied");
  });

  it("counts down on the mock's clock, and an expired request can no longer be decided", async () => {
    const page = await openPage();
    await signIn(page, "reviewer");
    const agent = startAgentCall("Left waiting");
    const held = card(page, "Left waiting");
    await held.waitFor({ timeout: 10_000 });
    // 24 h TTL: 30 s before expiry on the mock's clock, the page counts the last seconds.
    server.mock.control.clock({ advanceMs: 24 * 3_600_000 - 30_000 });
    await held.getByText(/\(in (30|2\d) s\)/).waitFor();
    server.mock.control.clock({ advanceMs: 31_000 });
    await held.getByText(/^Expired at .* without a decision\.$/).waitFor();
    expect(await held.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect((await agent.outcome).status).toBe("expired");
    expect(pullRequestsOpened("Left waiting")).toBe(0);
  });

  it("lets an admin pause a tool and enable the kill switch after confirming; a waiting call ends", async () => {
    const page = await openPage();
    await signIn(page, "admin");
    await page.getByRole("link", { name: "Kill switch" }).click();
    await page.getByRole("heading", { name: "Kill switch", level: 2 }).waitFor();

    // Per-tool pause, confirmed, then resumed.
    await page.getByRole("button", { name: "Pause linear…" }).click();
    await page.getByRole("button", { name: "Confirm: pause linear" }).click();
    await page.getByTestId("tool-linear-state").getByText("paused").waitFor();
    expect(server.mock.control.state().workspaces[0]?.killSwitch.toolsPaused).toEqual(["linear"]);
    expect(await textOf(page.getByRole("listitem", { name: "Tool linear" }))).toContain(
      "paused by admin@acme.test",
    );
    await page.getByRole("button", { name: "Resume linear…" }).click();
    await page.getByRole("button", { name: "Confirm: resume linear" }).click();
    await page.getByTestId("tool-linear-state").getByText("running").waitFor();

    const agent = startAgentCall("Stopped by the kill switch");
    await page.getByRole("link", { name: /Approvals/ }).click();
    await card(page, "Stopped by the kill switch").waitFor({ timeout: 10_000 });
    await page.getByRole("link", { name: "Kill switch" }).click();

    // Cancelling changes nothing.
    await page.getByRole("button", { name: "Enable the kill switch…" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(server.mock.control.state().workspaces[0]?.killSwitch.global).toBe(false);

    await page.getByRole("button", { name: "Enable the kill switch…" }).click();
    await page.getByText(/Every agent call in Acme will be blocked/).waitFor();
    await page.getByRole("button", { name: "Confirm: enable the kill switch" }).click();
    await page
      .getByTestId("kill-switch-state")
      .getByText(/ON.*Enabled by admin@acme\.test/)
      .waitFor();
    await page.getByText(/Kill switch is ON since/).waitFor();

    const outcome = await agent.outcome;
    expect(outcome.status).toBe("kill_switch");
    expect(agent.localRuns()).toBe(0);
    expect(pullRequestsOpened("Stopped by the kill switch")).toBe(0);
    const killSwitch = server.mock.control.state().workspaces[0]?.killSwitch;
    expect(killSwitch).toMatchObject({ global: true, enabledBy: USERS.admin.id });
  });

  it("sent every request of every page to the mock's own loopback origin, and nothing else", () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(refused).toEqual([]);
    for (const url of requested) expect(new URL(url).origin).toBe(server.origin);
    expect(new URL(server.origin).hostname).toBe("127.0.0.1");
  });
});
