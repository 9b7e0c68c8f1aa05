import { createGuard } from "@sentrail/client";
import { describe, expect, it, vi } from "vitest";
import { resolveGuard } from "./resolve-guard";

const client = { evaluateAction: vi.fn(), waitForApproval: vi.fn() };

describe("resolveGuard", () => {
  it("returns the guard it is given, so adapters can share exactly-once records", () => {
    const guard = createGuard({ client });
    expect(resolveGuard({ guard })).toBe(guard);
  });

  it("creates a guard from guard options", () => {
    expect(typeof resolveGuard({ client }).run).toBe("function");
  });

  it("refuses, at construction, something that is not a guard or has no client", () => {
    expect(() => resolveGuard({ guard: {} as never })).toThrow(TypeError);
    expect(() => resolveGuard({} as never)).toThrow(TypeError);
  });
});
