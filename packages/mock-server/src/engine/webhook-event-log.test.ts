import { describe, expect, it } from "vitest";
import type { WebhookEventRow } from "./engine-types.js";
import {
  createWebhookEventLog,
  MAX_WEBHOOK_EVENT_TYPE_LENGTH,
  MAX_WEBHOOK_EVENTS,
} from "./webhook-event-log.js";

function row(index: number, payload: unknown = { index }): WebhookEventRow {
  return {
    id: `id-${index}`,
    workspace_id: null,
    provider: "github",
    event_type: "push",
    payload,
    processed: false,
    received_at: "2030-01-01T00:00:00.000Z",
  };
}

describe("createWebhookEventLog", () => {
  it("keeps small payloads whole and truncates large ones like a payload preview", () => {
    const events = createWebhookEventLog();
    events.append(row(1, { repository: { full_name: "o/r" } }));
    events.append(row(2, { body: "x".repeat(8 * 1024 * 1024) }));
    const [small, large] = events.list();
    expect(small?.payload).toEqual({ repository: { full_name: "o/r" } });
    expect(large?.payload).toEqual({
      _truncated: true,
      _originalBytes: 8 * 1024 * 1024 + 11,
      preview: expect.any(String),
    });
    expect((large?.payload as { preview?: string } | undefined)?.preview).toHaveLength(2048);
  });

  it("cuts event_type to MAX_WEBHOOK_EVENT_TYPE_LENGTH characters", () => {
    const events = createWebhookEventLog();
    events.append({ ...row(1), event_type: "e".repeat(1_000_000) });
    expect(events.list()[0]?.event_type).toBe("e".repeat(MAX_WEBHOOK_EVENT_TYPE_LENGTH));
  });

  it("keeps only the newest MAX_WEBHOOK_EVENTS rows, oldest first, and empties on reset", () => {
    const events = createWebhookEventLog();
    const total = MAX_WEBHOOK_EVENTS * 2 + 7;
    for (let index = 0; index < total; index++) events.append(row(index));
    const kept = events.list();
    expect(kept).toHaveLength(MAX_WEBHOOK_EVENTS);
    expect(kept[0]?.id).toBe(`id-${total - MAX_WEBHOOK_EVENTS}`);
    expect(kept.at(-1)?.id).toBe(`id-${total - 1}`);
    events.reset();
    expect(events.list()).toEqual([]);
    events.append(row(1));
    expect(events.list().map((event) => event.id)).toEqual(["id-1"]);
  });

  it("retains a bounded amount whatever arrives: at most ~2.5 KB of JSON per row", () => {
    const events = createWebhookEventLog();
    const big = { body: "é".repeat(16_384), nested: { list: Array.from({ length: 2_000 }, (_, i) => i) } };
    for (let index = 0; index < MAX_WEBHOOK_EVENTS + 50; index++) {
      events.append({ ...row(index, big), event_type: "x".repeat(10_000) });
    }
    const retained = JSON.stringify(events.list()).length;
    expect(retained).toBeLessThan(MAX_WEBHOOK_EVENTS * 2_600);
  });
});
