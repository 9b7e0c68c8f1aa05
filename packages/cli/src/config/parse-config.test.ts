import { describe, expect, it } from "vitest";
import { maskApiKey } from "./mask-api-key";
import { parseConfig } from "./parse-config";

const KEY = `agk_${"0a".repeat(20)}`;

describe("parseConfig", () => {
  it("fills the defaults and trims a trailing slash off the cloud URL", () => {
    expect(
      parseConfig({
        apiKey: KEY,
        workspaceId: "5e470000-0000-4000-8000-000000000001",
        cloudUrl: "https://x.supabase.co/functions/v1/",
      }),
    ).toEqual({
      ok: true,
      config: {
        apiKey: KEY,
        workspaceId: "5e470000-0000-4000-8000-000000000001",
        cloudUrl: "https://x.supabase.co/functions/v1",
        upstreamMcpUrl: null,
        upstreamCommand: null,
        port: 3773,
        logLevel: "info",
      },
    });
  });

  it("lists one message per invalid field and never the value", () => {
    const parsed = parseConfig({
      apiKey: "agk_secretish",
      workspaceId: "x",
      cloudUrl: "nope",
      port: 70_000,
      logLevel: "loud",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(5);
    expect(parsed.problems.join("\n")).not.toContain("agk_secretish");
  });
});

describe("maskApiKey", () => {
  it("shows only agk_… and the last four characters", () => {
    expect(maskApiKey(KEY)).toBe("agk_…0a0a");
    expect(maskApiKey(undefined)).toBe("(not set)");
    expect(maskApiKey("Bearer something-long")).toBe("(set, not an agk_ key)");
  });
});
