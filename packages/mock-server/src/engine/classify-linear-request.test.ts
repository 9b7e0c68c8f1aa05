import { describe, expect, it } from "vitest";
import { classifyLinearRequest } from "./classify-linear-request.js";
import { linearActionRisk } from "./linear-action-risk.js";

describe("classifyLinearRequest (§6.2)", () => {
  it("classifies the first root field of a mutation as <resource>.<verb>", () => {
    expect(
      classifyLinearRequest({
        query: "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success } }",
        variables: { input: { title: "Bug" } },
      }),
    ).toEqual({ action: "issue.create", riskLevel: "medium", resourceType: "issue", resourceId: null });
  });

  it.each([
    ['mutation { issueUpdate(id: "1", input: {}) { success } }', "issue.update", "medium"],
    ["mutation { commentCreate(input: {}) { success } }", "comment.create", "medium"],
    ['mutation { issueArchive(id: "1") { success } }', "issue.archive", "high"],
    ['mutation { issueDelete(id: "1") { success } }', "issue.delete", "high"],
    ["mutation { issueLabelCreate(input: {}) { success } }", "issuelabel.create", "medium"],
    [
      "mutation Named($id: String!) @cached { alias: issueDelete(id: $id) { success } }",
      "issue.delete",
      "high",
    ],
    ["# mutation { issueDelete }\nquery { issues { nodes { id } } }", "read", "low"],
    ["{ viewer { id } }", "read", "low"],
    [
      'fragment F on Issue { id } mutation { issueCreate(input: {title: "{ mutation }"}) { issue { ...F } } }',
      "issue.create",
      "medium",
    ],
  ])("%s → %s (%s)", (query, action, riskLevel) => {
    expect(classifyLinearRequest({ query })).toMatchObject({ action, riskLevel });
  });

  it("takes resourceId from variables.id", () => {
    expect(
      classifyLinearRequest({
        query: "mutation($id: String!) { issueDelete(id: $id) { success } }",
        variables: { id: "ISS-1" },
      })?.resourceId,
    ).toBe("ISS-1");
  });

  it("refuses what is not a GraphQL request", () => {
    expect(classifyLinearRequest(null)).toBeNull();
    expect(classifyLinearRequest({ variables: {} })).toBeNull();
    expect(classifyLinearRequest({ query: "" })).toBeNull();
    expect(classifyLinearRequest({ query: "mutation {" })).toBeNull();
    expect(classifyLinearRequest([1])).toBeNull();
  });

  it("rates evaluate-action strings: read low, resource.verb by verb, anything else high", () => {
    expect(linearActionRisk("read")).toBe("low");
    expect(linearActionRisk("issue.create")).toBe("medium");
    expect(linearActionRisk("issue.update")).toBe("medium");
    expect(linearActionRisk("issue.delete")).toBe("high");
    expect(linearActionRisk("issue.archive")).toBe("high");
    expect(linearActionRisk("issue.frobnicate")).toBe("medium");
    expect(linearActionRisk("issue")).toBe("high");
    expect(linearActionRisk("a.b.c")).toBe("high");
  });
});
