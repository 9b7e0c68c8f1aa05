import { describe, expect, it } from "vitest";
import { classifyEvaluationRisk } from "./classify-evaluation-risk.js";

describe("classifyEvaluationRisk (§6.4)", () => {
  it("derives github and linear risk server-side and ignores the caller's", () => {
    expect(classifyEvaluationRisk("github", "pull_request.create", "low")).toEqual({
      riskLevel: "high",
      riskClassification: "server_classified",
    });
    expect(classifyEvaluationRisk("linear", "issue.create", "critical")).toEqual({
      riskLevel: "medium",
      riskClassification: "server_classified",
    });
  });

  it.each(["mcp", "slack", "notion", "internal_api"] as const)("uses the caller's risk for %s", (tool) => {
    expect(classifyEvaluationRisk(tool, "anything", "critical")).toEqual({
      riskLevel: "critical",
      riskClassification: "caller_supplied",
    });
  });
});
