import { describe, expect, it, vi } from "vitest";
import type { Workspace } from "./engine-types.js";
import { createMockClock } from "./mock-clock.js";
import { createNotificationCenter } from "./notification-center.js";

function workspace(overrides: Partial<Workspace> = {}): Workspace {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    name: "Acme",
    environment: "test",
    settings: { unmatchedDecision: "require_approval", approvalTtlHours: 24, requireRegisteredAgents: false },
    slackWebhookUrl: null,
    notificationEmails: [],
    notificationPreferences: {},
    killSwitchEnabled: false,
    killSwitchEnabledAt: null,
    killSwitchEnabledBy: null,
    createdAt: "2030-01-01T00:00:00.000Z",
    ...overrides,
  };
}

function recordingFetch(statuses: Array<number | "error">) {
  const calls: Array<{ url: string; body: unknown }> = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, body: JSON.parse(String(init?.body)) });
    const status = statuses.shift() ?? 200;
    if (status === "error") throw new TypeError("fetch failed");
    return new Response("ok", { status });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe("createNotificationCenter (§10)", () => {
  it("records an in-app row as sent and an email row per event when addresses exist", () => {
    const clock = createMockClock();
    clock.set("2030-01-01T00:00:00.000Z");
    const center = createNotificationCenter({ clock, fetch: () => fetch });
    expect(
      center.notify(workspace({ notificationEmails: ["a@example.com"] }), "approvalRequired", {
        summary: "x",
      }),
    ).toBe(true);
    expect(center.list()).toEqual([
      expect.objectContaining({
        event: "approval_required",
        channel: "in_app",
        status: "sent",
        sent_at: "2030-01-01T00:00:00.000Z",
        retry_count: 0,
      }),
      expect.objectContaining({
        event: "approval_required",
        channel: "email",
        status: "pending",
        payload: expect.objectContaining({ recipients: ["a@example.com"] }),
      }),
    ]);
  });

  it("POSTs the Slack message JSON and marks the row sent", async () => {
    const { calls, fetchImpl } = recordingFetch([200]);
    const center = createNotificationCenter({ clock: createMockClock(), fetch: () => fetchImpl });
    center.notify(workspace({ slackWebhookUrl: "https://hooks.slack.test/T/B/x" }), "killSwitch", {
      summary: "kill switch enabled",
    });
    await center.settle();
    expect(calls).toEqual([
      { url: "https://hooks.slack.test/T/B/x", body: { text: "Sentrail: kill switch enabled" } },
    ]);
    expect(center.list().find((row) => row.channel === "slack")).toMatchObject({
      status: "sent",
      retry_count: 0,
    });
  });

  it("retries a failing Slack delivery, counting retries, then marks it failed", async () => {
    const { calls, fetchImpl } = recordingFetch([500, "error", 503]);
    const center = createNotificationCenter({
      clock: createMockClock(),
      fetch: () => fetchImpl,
      retryDelaysMs: [1, 1],
    });
    center.notify(workspace({ slackWebhookUrl: "https://hooks.slack.test/x" }), "rogueAction", {
      summary: "blocked",
    });
    await center.settle();
    expect(calls).toHaveLength(3);
    expect(center.list().find((row) => row.channel === "slack")).toMatchObject({
      status: "failed",
      retry_count: 3,
      retry_at: null,
      sent_at: null,
    });
  });

  it("recovers when a retry succeeds", async () => {
    const { fetchImpl } = recordingFetch([502, 200]);
    const center = createNotificationCenter({
      clock: createMockClock(),
      fetch: () => fetchImpl,
      retryDelaysMs: [1, 1],
    });
    center.notify(workspace({ slackWebhookUrl: "https://hooks.slack.test/x" }), "rogueAction", {
      summary: "blocked",
    });
    await center.settle();
    expect(center.list().find((row) => row.channel === "slack")).toMatchObject({
      status: "sent",
      retry_count: 1,
    });
  });

  it("honours per-event channel preferences and reports whether anything was queued", () => {
    const center = createNotificationCenter({ clock: createMockClock(), fetch: () => fetch });
    const quiet = workspace({
      notificationPreferences: { approvalDecided: { email: false, slack: false, inApp: false } },
    });
    expect(center.notify(quiet, "approvalDecided", { summary: "x" })).toBe(false);
    expect(center.list()).toEqual([]);
  });
});

describe("settle", () => {
  it("stops waiting after timeoutMs when a Slack URL never answers", async () => {
    const hanging = (() => new Promise(() => undefined)) as unknown as typeof fetch;
    const center = createNotificationCenter({
      clock: createMockClock(),
      fetch: () => hanging,
      attemptTimeoutMs: 60_000,
    });
    center.notify(workspace({ slackWebhookUrl: "https://hooks.slack.test/x" }), "killSwitch", {
      summary: "x",
    });
    vi.useFakeTimers();
    try {
      let settled = false;
      const settling = center.settle({ timeoutMs: 50 }).then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(49);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await settling;
      expect(settled).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect(center.list().find((row) => row.channel === "slack")?.status).toBe("pending");
  });
});
