import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { createCallDigest, createCallKey } from "./create-call-key";
import { sha256Hex } from "./sha256-hex";

describe("createCallKey", () => {
  it("is the tool-call id plus the SHA-256 of the canonical tool and input", async () => {
    const key = await createCallKey({ toolName: "refund", input: { b: 1, a: 2 }, toolCallId: "call_1" });
    expect(key).toBe(`call_1:${await sha256Hex(canonicalJson({ tool: "refund", input: { a: 2, b: 1 } }))}`);
    expect(key).toMatch(/^call_1:[0-9a-f]{64}$/);
  });

  it("differs when the arguments or the tool differ, and not when only key order does", async () => {
    const base = await createCallKey({ toolName: "refund", input: { amount: 5, id: 1 }, toolCallId: "c" });
    expect(await createCallKey({ toolName: "refund", input: { id: 1, amount: 5 }, toolCallId: "c" })).toBe(
      base,
    );
    expect(
      await createCallKey({ toolName: "refund", input: { amount: 6, id: 1 }, toolCallId: "c" }),
    ).not.toBe(base);
    expect(
      await createCallKey({ toolName: "charge", input: { amount: 5, id: 1 }, toolCallId: "c" }),
    ).not.toBe(base);
  });

  it("gives every call without a tool-call id a fresh key", async () => {
    const first = await createCallKey({ toolName: "refund", input: { id: 1 } });
    const second = await createCallKey({ toolName: "refund", input: { id: 1 }, toolCallId: "" });
    expect(first).toMatch(/^anonymous:/);
    expect(second).not.toBe(first);
  });

  it("puts the scope in front, so the same tool-call id on two threads is two calls", async () => {
    const plain = await createCallKey({ toolName: "refund", input: { id: 1 }, toolCallId: "call_1" });
    const threadA = await createCallKey({
      toolName: "refund",
      input: { id: 1 },
      toolCallId: "call_1",
      scope: "a/b",
    });
    const threadB = await createCallKey({
      toolName: "refund",
      input: { id: 1 },
      toolCallId: "call_1",
      scope: "b",
    });
    expect(threadA).toBe(`a%2Fb/${plain}`);
    expect(threadB).not.toBe(threadA);
    expect(
      await createCallKey({ toolName: "refund", input: { id: 1 }, toolCallId: "call_1", scope: "" }),
    ).toBe(plain);
  });

  it("exposes the digest part of the key, whatever the key order, and rejects a cyclic input", async () => {
    const key = await createCallKey({ toolName: "refund", input: { b: 1, a: 2 }, toolCallId: "c" });
    expect(await createCallDigest({ toolName: "refund", input: { a: 2, b: 1 } })).toBe(key.slice(2));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(createCallDigest({ toolName: "refund", input: cyclic })).rejects.toThrow(TypeError);
  });

  it("hashes a known vector with Web Crypto", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
