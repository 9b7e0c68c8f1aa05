import { describe, expect, it } from "vitest";
import { parseBridgeOptions } from "./parse-bridge-options";

const KEY = `agk_${"a".repeat(40)}`;

describe("parseBridgeOptions", () => {
  it("reads the key from the environment and the endpoint from flags, flags first", () => {
    expect(
      parseBridgeOptions(["--project-ref", "abcd1234", "--agent-id=cursor", "--approval-timeout", "90"], {
        SENTRAIL_API_KEY: KEY,
        SENTRAIL_MCP_GATE_URL: "http://127.0.0.1:1/functions/v1/mcp-gate/sse",
        SENTRAIL_AGENT_ID: "ignored",
      }),
    ).toEqual({
      kind: "run",
      options: { apiKey: KEY, projectRef: "abcd1234", agentId: "cursor", approvalTimeoutMs: 90_000 },
    });
  });

  it("falls back to the environment for the endpoint and the agent id", () => {
    expect(
      parseBridgeOptions([], {
        SENTRAIL_API_KEY: KEY,
        SENTRAIL_MCP_GATE_URL: "http://127.0.0.1:1/functions/v1/mcp-gate/sse",
        SENTRAIL_AGENT_ID: "claude-code",
      }),
    ).toEqual({
      kind: "run",
      options: { apiKey: KEY, url: "http://127.0.0.1:1/functions/v1/mcp-gate/sse", agentId: "claude-code" },
    });
  });

  it("reads the held-call state file from --state, else from SENTRAIL_BRIDGE_STATE, and leaves it out when neither is given", () => {
    const env = { SENTRAIL_API_KEY: KEY, SENTRAIL_PROJECT_REF: "abcd1234" };
    const flag = parseBridgeOptions(["--state", "/tmp/a.json"], {
      ...env,
      SENTRAIL_BRIDGE_STATE: "/tmp/b.json",
    });
    expect(flag).toMatchObject({ kind: "run", statePath: "/tmp/a.json" });
    expect(parseBridgeOptions([], { ...env, SENTRAIL_BRIDGE_STATE: "/tmp/b.json" })).toMatchObject({
      kind: "run",
      statePath: "/tmp/b.json",
    });
    expect(parseBridgeOptions([], env)).not.toHaveProperty("statePath");
  });

  it("refuses a missing key, zero or two endpoints, unknown flags and bad timeouts, never echoing the key", () => {
    const cases: Array<[string[], Record<string, string>]> = [
      [["--project-ref", "a"], {}],
      [[], { SENTRAIL_API_KEY: KEY }],
      [["--project-ref", "a", "--base-url", "http://localhost"], { SENTRAIL_API_KEY: KEY }],
      [["--api-key", KEY], { SENTRAIL_API_KEY: KEY }],
      [["--project-ref", "a", "--approval-timeout", "soon"], { SENTRAIL_API_KEY: KEY }],
      [["--project-ref"], { SENTRAIL_API_KEY: KEY }],
    ];
    for (const [argv, env] of cases) {
      const parsed = parseBridgeOptions(argv, env);
      expect(parsed.kind).toBe("error");
      expect(JSON.stringify(parsed)).not.toContain(KEY);
    }
  });

  it("answers help", () => {
    expect(parseBridgeOptions(["--help"], {}).kind).toBe("help");
  });
});
