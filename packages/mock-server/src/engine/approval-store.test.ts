import { describe, expect, it } from "vitest";
import { createApprovalStore } from "./approval-store.js";
import type { ApprovalRequestRow, DeferredActionRow } from "./engine-types.js";
import { createMockClock } from "./mock-clock.js";

function rows(expiresAt: string): [ApprovalRequestRow, DeferredActionRow] {
  const id = crypto.randomUUID();
  const correlation = crypto.randomUUID();
  return [
    {
      id,
      workspace_id: "w",
      correlation_id: correlation,
      audit_log_id: crypto.randomUUID(),
      agent_id: null,
      agent_name: null,
      tool: "github",
      action: "pull_request.create",
      requested_by: null,
      risk_level: "high",
      payload: null,
      status: "pending",
      reviewed_by: null,
      reviewed_at: null,
      review_reason: null,
      execution_result: null,
      action_hash: "h",
      expires_at: expiresAt,
      created_at: "2030-01-01T00:00:00.000Z",
      updated_at: "2030-01-01T00:00:00.000Z",
      has_deferred_action: true,
    },
    {
      id: crypto.randomUUID(),
      approval_request_id: id,
      workspace_id: "w",
      correlation_id: correlation,
      tool: "github",
      target_url: "https://api.github.com/repos/o/r/pulls",
      method: "POST",
      headers: {},
      body: "{}",
      action_hash: "h",
      status: "pending",
      created_at: "2030-01-01T00:00:00.000Z",
      executed_at: null,
    },
  ];
}

describe("createApprovalStore (§7.3)", () => {
  it("lets exactly one transition out of pending win", () => {
    const clock = createMockClock();
    const store = createApprovalStore(clock);
    const [approval, deferred] = rows("2030-01-02T00:00:00.000Z");
    store.create(approval, deferred);
    expect(store.transition(approval, "pending", "approved")).toBe(true);
    expect(store.transition(approval, "pending", "denied")).toBe(false);
    expect(approval.status).toBe("approved");
    expect(store.byCorrelationId(approval.correlation_id)).toBe(approval);
    expect(store.deferredFor(approval.id)).toBe(deferred);
  });

  it("expires pending requests at expires_at, lazily and by sweep, with their deferred action", () => {
    const clock = createMockClock();
    clock.set("2030-01-01T00:00:00.000Z");
    const store = createApprovalStore(clock);
    const [first, firstDeferred] = rows("2030-01-02T00:00:00.000Z");
    const [second] = rows("2030-01-03T00:00:00.000Z");
    store.create(first, firstDeferred);
    store.create(second, null);
    expect(store.expireIfDue(first)).toBe(false);
    clock.set("2030-01-02T00:00:00.000Z");
    expect(store.expireIfDue(first)).toBe(true);
    expect(first.status).toBe("expired");
    expect(firstDeferred.status).toBe("expired");
    clock.advance(24 * 3_600_000);
    store.expireDue();
    expect(second.status).toBe("expired");
  });

  it("does not expire a request that already has a decision", () => {
    const clock = createMockClock();
    clock.set("2030-01-01T00:00:00.000Z");
    const store = createApprovalStore(clock);
    const [approval] = rows("2030-01-01T00:00:00.001Z");
    store.create(approval, null);
    store.transition(approval, "pending", "denied");
    clock.advance(10);
    store.expireDue();
    expect(approval.status).toBe("denied");
  });
});
