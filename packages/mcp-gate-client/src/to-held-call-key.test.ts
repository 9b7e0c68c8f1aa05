import { describe, expect, it } from "vitest";
import { toHeldCallKey } from "./to-held-call-key";

describe("toHeldCallKey", () => {
  it("gives the same key to the same tool and arguments in any key order", async () => {
    const one = await toHeldCallKey({
      name: "create_issue",
      arguments: { title: "Bug", meta: { a: 1, b: 2 } },
    });
    const two = await toHeldCallKey({
      name: "create_issue",
      arguments: { meta: { b: 2, a: 1 }, title: "Bug" },
    });
    expect(one).toBe(two);
    expect(one).toMatch(/^create_issue:[0-9a-f]{64}$/);
  });

  it("gives other arguments or another tool another key", async () => {
    const key = await toHeldCallKey({ name: "create_issue", arguments: { title: "Bug" } });
    expect(await toHeldCallKey({ name: "create_issue", arguments: { title: "Bug 2" } })).not.toBe(key);
    expect(await toHeldCallKey({ name: "update_issue", arguments: { title: "Bug" } })).not.toBe(key);
  });

  it("treats missing arguments as an empty object", async () => {
    expect(await toHeldCallKey({ name: "list_issues" })).toBe(
      await toHeldCallKey({ name: "list_issues", arguments: {} }),
    );
  });

  it("rejects arguments with a cycle", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(toHeldCallKey({ name: "create_issue", arguments: cyclic })).rejects.toThrow(TypeError);
  });
});
