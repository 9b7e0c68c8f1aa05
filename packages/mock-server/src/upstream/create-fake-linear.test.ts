import { describe, expect, it } from "vitest";
import { createFakeLinear } from "./create-fake-linear.js";
import type { UpstreamRequest } from "./upstream-types.js";

function graphql(query: string, variables?: unknown): UpstreamRequest {
  return {
    tool: "linear",
    method: "POST",
    url: "https://api.linear.app/graphql",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
    useFake: true,
  };
}

describe("createFakeLinear", () => {
  it("answers a mutation with { data: { <rootField>: { success: true } } }", () => {
    const response = createFakeLinear().answer(
      graphql("mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success } }", {
        input: { title: "Bug", teamId: "TEAM_ID" },
      }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ data: { issueCreate: { success: true } } });
  });

  it("fills the other fields a mutation selects, numbering created entities per fake", () => {
    const linear = createFakeLinear();
    const query =
      "mutation($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier title url } } }";
    linear.answer(graphql(query, { input: { title: "First" } }));
    const second = JSON.parse(linear.answer(graphql(query, { input: { title: "Second" } })).body);
    expect(second.data.issueCreate).toEqual({
      success: true,
      issue: {
        id: "00000000-0000-4000-8000-000000000002",
        identifier: "ENG-2",
        title: "Second",
        url: "https://linear.app/sentrail-mock/issue/ENG-2",
      },
    });
  });

  it("uses aliases as response keys and ignores comments", () => {
    const response = createFakeLinear().answer(
      graphql('# archive it\nmutation { gone: issueArchive(id: "x") { success } }'),
    );
    expect(JSON.parse(response.body)).toEqual({ data: { gone: { success: true } } });
  });

  it("answers queries with data shaped by the selection", () => {
    const response = createFakeLinear().answer(
      graphql(
        "query { viewer { id name } issues(first: 2) { nodes { identifier title } pageInfo { hasNextPage } } }",
      ),
    );
    const { data } = JSON.parse(response.body);
    expect(data.viewer).toEqual({ id: "00000000-0000-4000-8000-000000000001", name: "Example 1" });
    expect(data.issues.nodes).toEqual([
      { identifier: "ENG-1", title: "Example issue 1" },
      { identifier: "ENG-2", title: "Example issue 2" },
    ]);
    expect(data.issues.pageInfo).toEqual({ hasNextPage: false });
  });

  it("answers a body that is not a GraphQL request with 400 and errors", () => {
    const linear = createFakeLinear();
    const notJson = linear.answer({ ...graphql("query { viewer { id } }"), body: "nope" });
    const unreadable = linear.answer(graphql("this is not graphql"));
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).errors).toHaveLength(1);
    expect(unreadable.status).toBe(400);
  });
});
