import { ToolMessage } from "@langchain/core/messages";
import { InMemoryStore } from "@langchain/langgraph";
import type { GuardOutcome, GuardRecord } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { createLangGraphGuardStore } from "./create-lang-graph-guard-store";

const evaluation = {
  decision: "require_approval",
  reason: "Policy 'Approve refunds' matched",
  matchedPolicyId: "p1",
  approvalRequestId: "r1",
  auditLogId: "a1",
  correlationId: "c1",
} as const;

function executed(result: unknown, error: unknown = null): GuardRecord {
  return {
    state: "settled",
    revision: "settled-1",
    outcome: {
      status: "executed",
      sideEffect: "executed",
      retrySafe: false,
      via: "guard",
      ranAlthough: null,
      result,
      toolName: "refund_invoice",
      callKey: "call_1:abc",
      mode: "enforce",
      decision: "require_approval",
      message: "Executed.",
      reason: evaluation.reason,
      auditLogId: "a1",
      correlationId: "c1",
      approvalRequestId: "r1",
      matchedPolicyId: "p1",
      wait: null,
      error,
    } as GuardOutcome,
  };
}

describe("createLangGraphGuardStore", () => {
  it("round-trips an approval wait and an executing record as they are", async () => {
    const guardStore = createLangGraphGuardStore(new InMemoryStore());
    const awaiting: GuardRecord = {
      state: "awaiting_approval",
      revision: "r1",
      toolName: "refund_invoice",
      tool: "internal_api",
      evaluation,
    };
    expect(await guardStore.claim("k1", null, awaiting)).toBe(true);
    expect(await guardStore.get("k1")).toEqual(awaiting);
    const executing: GuardRecord = {
      state: "executing",
      revision: "r2",
      toolName: "refund_invoice",
      evaluation,
      owner: "run-1",
      leaseUntil: 1,
    };
    expect(await guardStore.claim("k1", "r1", executing)).toBe(true);
    expect(await guardStore.get("k1")).toEqual(executing);
  });

  it("restores a ToolMessage result as a ToolMessage", async () => {
    const guardStore = createLangGraphGuardStore(new InMemoryStore());
    const message = new ToolMessage({
      content: "refunded in_1",
      tool_call_id: "call_1",
      name: "refund_invoice",
    });
    await guardStore.claim("k1", null, executed(message));
    const record = await guardStore.get("k1");
    if (record?.state !== "settled" || record.outcome.status !== "executed") throw new Error("not settled");
    expect(ToolMessage.isInstance(record.outcome.result)).toBe(true);
    expect(record.outcome.result).toMatchObject({ content: "refunded in_1", tool_call_id: "call_1" });
  });

  it("stores errors as redacted name and message, and JSON results as they are", async () => {
    const backing = new InMemoryStore();
    const guardStore = createLangGraphGuardStore(backing, { namespace: ["tenant-1", "sentrail"] });
    const secret = "agk_0123456789abcdef0123456789abcdef01234567";
    await guardStore.claim("k1", null, executed({ refunded: true }, new Error(`bad key ${secret}`)));
    const raw = await backing.get(["tenant-1", "sentrail"], "k1");
    expect(JSON.stringify(raw?.value)).not.toContain(secret);
    const record = await guardStore.get("k1");
    expect(record).toMatchObject({ outcome: { result: { refunded: true }, error: { name: "Error" } } });
  });

  it("forgets a record claimed away to null", async () => {
    const guardStore = createLangGraphGuardStore(new InMemoryStore());
    await guardStore.claim("k1", null, executed("x"));
    expect(await guardStore.claim("k1", "settled-1", null)).toBe(true);
    expect(await guardStore.get("k1")).toBeUndefined();
  });

  it("lets exactly one of concurrent claims from the same revision win", async () => {
    const guardStore = createLangGraphGuardStore(new InMemoryStore());
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        guardStore.claim("k1", null, { ...executed(n), revision: `r${n}` }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await guardStore.claim("k1", "stale", null)).toBe(false);
  });
});
