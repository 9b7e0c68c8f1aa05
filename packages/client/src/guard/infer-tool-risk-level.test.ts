import { describe, expect, it } from "vitest";
import { inferToolRiskLevel } from "./infer-tool-risk-level";

describe("inferToolRiskLevel (contract §6.3)", () => {
  it.each([
    ["delete_issue", "high"],
    ["DestroyCluster", "high"],
    ["db.DROP", "high"],
    ["removeMember", "high"],
    ["get_or_delete", "high"],
    ["get_issue", "low"],
    ["LIST_USERS", "low"],
    ["readFile", "low"],
    ["create_issue", "medium"],
    ["forget", "medium"],
    ["send_email", "medium"],
  ])("classifies %s as %s", (name, level) => {
    expect(inferToolRiskLevel(name)).toBe(level);
  });
});
