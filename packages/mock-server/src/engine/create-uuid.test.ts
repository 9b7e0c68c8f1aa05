import { describe, expect, it } from "vitest";
import { createUuid } from "./create-uuid.js";

describe("createUuid", () => {
  it("makes lowercase v4 UUIDs that do not repeat", () => {
    const ids = Array.from({ length: 5000 }, () => createUuid());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
