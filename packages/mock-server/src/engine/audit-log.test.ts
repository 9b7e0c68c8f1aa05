import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAuditLog } from "./audit-log.js";
import { createPayloadPreview } from "./create-payload-preview.js";
import type { AuditLogRow } from "./engine-types.js";

function row(overrides: Partial<AuditLogRow> = {}): AuditLogRow {
  return {
    id: crypto.randomUUID(),
    workspace_id: "00000000-0000-4000-8000-000000000001",
    correlation_id: crypto.randomUUID(),
    agent_id: null,
    agent_name: "bot",
    tool: "github",
    action: "read",
    decision: "allow",
    risk_level: "low",
    matched_policy_id: null,
    resource_type: null,
    resource_id: null,
    requested_by: null,
    payload_preview: createPayloadPreview({ a: 1 }),
    source: "gateway",
    reason: "r",
    environment: "test",
    created_at: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}

describe("createAuditLog", () => {
  it("appends rows in order and returns them frozen", () => {
    const audit = createAuditLog();
    const first = audit.append(row({ action: "one" }));
    audit.append(row({ action: "two" }));
    expect(audit.list().map((entry) => entry.action)).toEqual(["one", "two"]);
    expect(Object.isFrozen(first)).toBe(true);
    expect(audit.size()).toBe(2);
  });

  it("keeps every written row and its preview frozen: no field can be changed afterwards", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ action: fc.string(), payload: fc.jsonValue({ maxDepth: 3 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        (entries) => {
          const audit = createAuditLog();
          for (const entry of entries)
            audit.append(row({ action: entry.action, payload_preview: createPayloadPreview(entry.payload) }));
          for (const written of audit.list()) {
            expect(Object.isFrozen(written)).toBe(true);
            if (written.payload_preview !== null && typeof written.payload_preview === "object") {
              expect(Object.isFrozen(written.payload_preview)).toBe(true);
            }
            expect(() => {
              (written as { decision: string }).decision = "block";
            }).toThrow(TypeError);
            expect(written.decision).toBe("allow");
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("cannot lose rows through the returned list", () => {
    const audit = createAuditLog();
    audit.append(row());
    audit.list().length = 0;
    expect(audit.size()).toBe(1);
  });
});
