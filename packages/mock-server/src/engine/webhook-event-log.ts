import { createPayloadPreview } from "./create-payload-preview.js";
import { detachString } from "./detach-string.js";
import type { WebhookEventRow } from "./engine-types.js";

/** How many webhook events the log keeps; the oldest is dropped when one more arrives. */
export const MAX_WEBHOOK_EVENTS = 1_000;

/** Longest `event_type` kept (it comes from a header or the payload); longer ones are cut to this. */
export const MAX_WEBHOOK_EVENT_TYPE_LENGTH = 200;

/** The `webhook_events` table (§4.7, §15). */
export interface WebhookEventLog {
  /** Stores the row, bounded (see {@link createWebhookEventLog}); returns what was stored. */
  append(row: WebhookEventRow): WebhookEventRow;
  list(): WebhookEventRow[];
  reset(): void;
}

/**
 * Creates the webhook event log: every inbound webhook that passed (or could not undergo) signature
 * checks, matched or not, oldest first.
 *
 * Unmatched events cannot be verified, so anyone can fill this table; what it keeps is bounded so
 * memory stays flat under any number of deliveries:
 *
 * - `payload` is stored like an audit payload preview (§9.6): unchanged when its JSON is at most
 *   2,048 bytes, else `{ _truncated: true, _originalBytes, preview }` with the first 2,048 characters;
 * - `event_type` is cut to {@link MAX_WEBHOOK_EVENT_TYPE_LENGTH} characters;
 * - only the newest {@link MAX_WEBHOOK_EVENTS} rows are kept.
 *
 * So the table holds at most about 1,000 × 2.5 KB of JSON, whatever arrives.
 *
 * @example
 * const events = createWebhookEventLog();
 * events.append(row);
 */
export function createWebhookEventLog(): WebhookEventLog {
  // A ring: `start` is the oldest row once the log is full, so dropping one costs nothing.
  let rows: WebhookEventRow[] = [];
  let start = 0;
  return {
    append(row) {
      const stored: WebhookEventRow = {
        ...row,
        event_type: truncate(row.event_type),
        payload: createPayloadPreview(row.payload),
      };
      if (rows.length < MAX_WEBHOOK_EVENTS) {
        rows.push(stored);
      } else {
        rows[start] = stored;
        start = (start + 1) % MAX_WEBHOOK_EVENTS;
      }
      return stored;
    },
    list: () => (start === 0 ? rows.slice() : [...rows.slice(start), ...rows.slice(0, start)]),
    reset() {
      rows = [];
      start = 0;
    },
  };
}

function truncate(text: string): string {
  if (text.length <= MAX_WEBHOOK_EVENT_TYPE_LENGTH) return text;
  const last = text.charCodeAt(MAX_WEBHOOK_EVENT_TYPE_LENGTH - 1);
  // Never keep half of a surrogate pair.
  const end =
    last >= 0xd800 && last <= 0xdbff ? MAX_WEBHOOK_EVENT_TYPE_LENGTH - 1 : MAX_WEBHOOK_EVENT_TYPE_LENGTH;
  return detachString(text.slice(0, end));
}
