import { createUuid } from "./create-uuid.js";
import type { NotificationEventKey, NotificationRow, Workspace } from "./engine-types.js";
import type { MockClock } from "./mock-clock.js";
import { redactSecrets } from "./redact-secrets.js";

/** Options for {@link createNotificationCenter}. */
export interface NotificationCenterOptions {
  clock: MockClock;
  /** The fetch used to POST to Slack webhooks, read at call time (MSW or a test may swap it). */
  fetch: () => typeof globalThis.fetch;
  /** Real-time waits before the 2nd, 3rd, … delivery attempt. Default `[100, 300]` (3 attempts). */
  retryDelaysMs?: readonly number[];
  /** Bound on one Slack POST. Default 3000 ms. */
  attemptTimeoutMs?: number;
}

/** Details of one notification; `summary` is the human sentence sent to Slack. */
export interface NotificationDetails {
  summary: string;
  [key: string]: unknown;
}

/** The `notifications` queue (§10). */
export interface NotificationCenter {
  /**
   * Records one row per channel enabled for `event` in the workspace's preferences (§10): `in_app`
   * always (status `sent`, §20.11), `email` when the workspace has addresses (recorded only, stays
   * `pending`), `slack` when it has a webhook URL (really POSTed; `sent` or, after retries,
   * `failed`). Returns true when at least one channel is enabled for the event
   * (`notificationQueued`).
   */
  notify(workspace: Workspace, event: NotificationEventKey, details: NotificationDetails): boolean;
  /** Every row, oldest first. */
  list(): NotificationRow[];
  /**
   * Resolves once every Slack delivery in flight has finished (sent or failed), or after `timeoutMs`
   * (default: no limit), whichever comes first.
   */
  settle(options?: { timeoutMs?: number }): Promise<void>;
  reset(): void;
}

const EVENT_NAMES: Record<NotificationEventKey, NotificationRow["event"]> = {
  approvalRequired: "approval_required",
  approvalDecided: "approval_decided",
  killSwitch: "kill_switch",
  rogueAction: "rogue_action",
};

/**
 * Creates the notification queue. Slack delivery runs in the background so an agent's request never
 * waits on Slack: each failed attempt (network error, timeout or non-2xx) increments `retry_count` and
 * sets `retry_at`; after the last attempt the row is `failed`. Email rows are recorded only (the mock
 * never sends email) and in-app rows are stored as `sent`. Details pass through `redactSecrets` first:
 * no row and no Slack message carries a key, token or URL credential.
 *
 * @example
 * const notifications = createNotificationCenter({ clock, fetch: () => fetch });
 * notifications.notify(workspace, "killSwitch", { summary: "Kill switch enabled" });
 * await notifications.settle();
 */
export function createNotificationCenter(options: NotificationCenterOptions): NotificationCenter {
  const { clock } = options;
  const retryDelaysMs = options.retryDelaysMs ?? [100, 300];
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 3000;
  let rows: NotificationRow[] = [];
  const inFlight = new Set<Promise<void>>();

  function record(
    workspace: Workspace,
    event: NotificationEventKey,
    channel: NotificationRow["channel"],
    status: NotificationRow["status"],
    payload: Record<string, unknown>,
  ): NotificationRow {
    const now = clock.nowIso();
    const row: NotificationRow = {
      id: createUuid(),
      workspace_id: workspace.id,
      event: EVENT_NAMES[event],
      channel,
      status,
      payload,
      retry_count: 0,
      retry_at: null,
      created_at: now,
      sent_at: status === "sent" ? now : null,
    };
    rows.push(row);
    return row;
  }

  async function deliverToSlack(row: NotificationRow, url: string, text: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (await postOnce(url, text)) {
        row.status = "sent";
        row.sent_at = clock.nowIso();
        row.retry_at = null;
        return;
      }
      row.retry_count += 1;
      const delay = retryDelaysMs[attempt];
      if (delay === undefined) {
        row.status = "failed";
        row.retry_at = null;
        return;
      }
      row.retry_at = new Date(clock.nowMs() + delay).toISOString();
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async function postOnce(url: string, text: string): Promise<boolean> {
    try {
      const response = await options.fetch()(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(attemptTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok;
    } catch {
      return false;
    }
  }

  return {
    notify(workspace, event, details) {
      const preferences = workspace.notificationPreferences[event] ?? {};
      const emailOn = preferences.email ?? true;
      const slackOn = preferences.slack ?? true;
      const inAppOn = preferences.inApp ?? true;
      // Details quote agents' and reviewers' text (reasons, agent names): stored and sent without secrets.
      const payload = redactSecrets({
        ...details,
        workspaceName: workspace.name,
        environment: workspace.environment,
      });
      if (inAppOn) record(workspace, event, "in_app", "sent", payload);
      if (emailOn && workspace.notificationEmails.length > 0) {
        record(workspace, event, "email", "pending", {
          ...payload,
          recipients: [...workspace.notificationEmails],
        });
      }
      if (slackOn && workspace.slackWebhookUrl) {
        const row = record(workspace, event, "slack", "pending", payload);
        const delivery = deliverToSlack(row, workspace.slackWebhookUrl, `Sentrail: ${payload.summary}`);
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      }
      return emailOn || slackOn || inAppOn;
    },
    list: () => rows.slice(),
    async settle(settleOptions) {
      const drained = (async () => {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      })();
      const timeoutMs = settleOptions?.timeoutMs;
      if (timeoutMs === undefined) return drained;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([drained, timeout]);
      clearTimeout(timer);
    },
    reset() {
      rows = [];
    },
  };
}
