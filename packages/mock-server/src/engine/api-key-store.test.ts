import { describe, expect, it } from "vitest";
import { createApiKeyStore } from "./api-key-store.js";
import { createMockClock } from "./mock-clock.js";
import { sha256Hex } from "./sha256-hex.js";

const WORKSPACE = "00000000-0000-4000-8000-000000000001";
const RAW = "agk_0123456789abcdef0123456789abcdef01234567";

async function storeWithKey(
  overrides: {
    revoked?: boolean;
    expiresAt?: string | null;
    scopes?: Array<"evaluate" | "gateway" | "mcp">;
  } = {},
) {
  const clock = createMockClock();
  clock.set("2030-01-01T00:00:00.000Z");
  const keys = createApiKeyStore(clock);
  const record = keys.insert({
    workspaceId: WORKSPACE,
    key: RAW,
    keyHash: await sha256Hex(RAW),
    name: "ci",
    scopes: overrides.scopes ?? ["evaluate"],
    expiresAt: overrides.expiresAt ?? null,
    revoked: overrides.revoked ?? false,
  });
  return { clock, keys, record };
}

describe("createApiKeyStore (§3.5)", () => {
  it("stores only the SHA-256 of the key and its 8-character prefix", async () => {
    const { record } = await storeWithKey();
    expect(record.key_hash).toBe(await sha256Hex(RAW));
    expect(record.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(RAW);
    expect(record.key_prefix).toBe("agk_0123");
  });

  it("accepts a valid key with the scope and stamps last_used_at", async () => {
    const { keys, record } = await storeWithKey();
    expect(await keys.authenticate(`Bearer ${RAW}`, ["evaluate"])).toBe(record);
    expect(record.last_used_at).toBe("2030-01-01T00:00:00.000Z");
  });

  it("accepts any of several scopes (status polling) and a lower-case scheme", async () => {
    const { keys } = await storeWithKey({ scopes: ["mcp"] });
    expect(await keys.authenticate(`bearer ${RAW}`, ["gateway", "mcp", "evaluate"])).not.toBeNull();
  });

  it.each([
    ["a missing header", null],
    ["a non-bearer header", `Basic ${RAW}`],
    ["a key without agk_", "Bearer sk_live_abc"],
    ["an unknown key", "Bearer agk_ffffffffffffffffffffffffffffffffffffffff"],
  ])("rejects %s", async (_name, header) => {
    const { keys } = await storeWithKey();
    expect(await keys.authenticate(header, ["evaluate"])).toBeNull();
  });

  it("rejects revoked, expired and wrong-scope keys, and revocation applies to the very next request", async () => {
    expect(
      await (await storeWithKey({ revoked: true })).keys.authenticate(`Bearer ${RAW}`, ["evaluate"]),
    ).toBeNull();
    const expired = await storeWithKey({ expiresAt: "2029-12-31T23:59:59.999Z" });
    expect(await expired.keys.authenticate(`Bearer ${RAW}`, ["evaluate"])).toBeNull();
    const wrongScope = await storeWithKey({ scopes: ["gateway"] });
    expect(await wrongScope.keys.authenticate(`Bearer ${RAW}`, ["evaluate"])).toBeNull();
    const { keys, record } = await storeWithKey();
    expect(await keys.authenticate(`Bearer ${RAW}`, ["evaluate"])).not.toBeNull();
    keys.revoke(record);
    expect(await keys.authenticate(`Bearer ${RAW}`, ["evaluate"])).toBeNull();
  });

  it("expires keys by the mock clock", async () => {
    const { clock, keys } = await storeWithKey({ expiresAt: "2030-01-02T00:00:00.000Z" });
    expect(await keys.authenticate(`Bearer ${RAW}`, ["evaluate"])).not.toBeNull();
    clock.advance(24 * 3_600_000);
    expect(await keys.authenticate(`Bearer ${RAW}`, ["evaluate"])).toBeNull();
  });

  it("creates agk_ + 40 hex keys and lists a workspace's keys newest first", async () => {
    const { keys } = await storeWithKey();
    const created = await keys.create({
      workspaceId: WORKSPACE,
      name: "new",
      scopes: ["gateway"],
      expiresAt: null,
    });
    expect(created.key).toMatch(/^agk_[0-9a-f]{40}$/);
    expect(keys.list(WORKSPACE).map((record) => record.name)).toEqual(["new", "ci"]);
    expect(await keys.authenticate(`Bearer ${created.key}`, ["gateway"])).toBe(created.record);
  });
});
