import type { WebhookEventRow } from "./engine-types.js";

/** The `webhook_events` table (§4.7, §15). */
export interface WebhookEventLog {
  append(row: WebhookEventRow): WebhookEventRow;
  list(): WebhookEventRow[];
  reset(): void;
}

/**
 * Creates the webhook event log: every inbound webhook that passed (or could not undergo) signature
 * checks, matched or not, oldest first.
 *
 * @example
 * const events = createWebhookEventLog();
 * events.append(row);
 */
export function createWebhookEventLog(): WebhookEventLog {
  let rows: WebhookEventRow[] = [];
  return {
    append(row) {
      rows.push(row);
      return row;
    },
    list: () => rows.slice(),
    reset() {
      rows = [];
    },
  };
}
