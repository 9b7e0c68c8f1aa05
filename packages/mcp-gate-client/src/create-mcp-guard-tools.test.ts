import { describe, expect, it } from "vitest";
import { createMcpGuardTools } from "./create-mcp-guard-tools";

describe("createMcpGuardTools", () => {
  it("maps every registered tool to tool mcp and keeps per-tool overrides", () => {
    const registry = createMcpGuardTools({
      wire_money: { evaluation: { riskLevel: "critical" }, approvalTimeoutMs: 5 },
      tag_issue: { evaluation: () => ({ resourceType: "issue" }) },
    });
    registry.register("create_issue");
    registry.register("wire_money");
    registry.register("tag_issue");
    registry.register("__proto__");
    expect(registry.tools.create_issue).toEqual({ evaluation: { tool: "mcp" } });
    expect(registry.tools.wire_money).toEqual({
      evaluation: { tool: "mcp", riskLevel: "critical" },
      approvalTimeoutMs: 5,
    });
    const mapping = registry.tools.tag_issue?.evaluation;
    expect(typeof mapping === "function" && mapping({ toolName: "tag_issue" })).toEqual({
      tool: "mcp",
      resourceType: "issue",
    });
    expect(Object.hasOwn(registry.tools, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(registry.tools)).toBeNull();
  });
});
