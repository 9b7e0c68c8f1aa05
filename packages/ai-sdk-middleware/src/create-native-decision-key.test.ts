import { describe, expect, it } from "vitest";
import { createNativeDecisionKey } from "./create-native-decision-key";

describe("createNativeDecisionKey", () => {
  it("names one call: the same tool, id and arguments in any key order give the same key", async () => {
    const key = await createNativeDecisionKey("refund", { orderId: "o_1", amount: 40 }, "call_1");
    expect(key).toMatch(/^sentrail-ai-sdk\/native-decision\/call_1:[0-9a-f]{64}$/);
    expect(await createNativeDecisionKey("refund", { amount: 40, orderId: "o_1" }, "call_1")).toBe(key);
  });

  it("gives other arguments, another tool or another tool-call id another key", async () => {
    const key = await createNativeDecisionKey("refund", { amount: 40 }, "call_1");
    const others = await Promise.all([
      createNativeDecisionKey("refund", { amount: 4000 }, "call_1"),
      createNativeDecisionKey("refund_all", { amount: 40 }, "call_1"),
      createNativeDecisionKey("refund", { amount: 40 }, "call_2"),
      createNativeDecisionKey("refund", { when: new Date(0) }, "call_1"),
    ]);
    expect(new Set([key, ...others]).size).toBe(5);
    expect(await createNativeDecisionKey("refund", { when: new Date(1) }, "call_1")).not.toBe(others[3]);
  });

  it("keeps a tool-call id with a slash or colon from colliding with another key", async () => {
    expect(await createNativeDecisionKey("t", {}, "a/b:c")).toMatch(
      /^sentrail-ai-sdk\/native-decision\/a%2Fb%3Ac:/,
    );
  });

  it("resolves null for an input it cannot serialise, and keys a bigint as the guard does", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await createNativeDecisionKey("t", cyclic, "c")).toBeNull();
    expect(await createNativeDecisionKey("t", { n: 1n }, "c")).toBe(
      await createNativeDecisionKey("t", { n: "1" }, "c"),
    );
  });
});
