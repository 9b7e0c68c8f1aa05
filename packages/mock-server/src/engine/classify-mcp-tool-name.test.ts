import { describe, expect, it } from "vitest";
import { classifyMcpToolName } from "./classify-mcp-tool-name.js";

describe("classifyMcpToolName (§6.3)", () => {
  it.each([
    ["delete_issue", "high"],
    ["get_and_delete", "high"],
    ["DropTable", "high"],
    ["remove_label", "high"],
    ["destroy_env", "high"],
    ["get_issue", "low"],
    ["listIssues", "low"],
    ["read_file", "low"],
    ["create_issue", "medium"],
    ["search", "medium"],
  ])("%s is %s risk", (name, riskLevel) => {
    expect(classifyMcpToolName(name)).toEqual({
      action: name,
      riskLevel,
      resourceType: null,
      resourceId: null,
    });
  });
});
