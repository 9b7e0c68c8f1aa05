import { describe, expect, expectTypeOf, it } from "vitest";
import * as node from "./node.js";

describe("@sentrail/mock-server/node", () => {
  it("exports exactly its documented API", () => {
    expect(Object.keys(node).sort()).toEqual([
      "DEFAULT_MOCK_ORIGIN",
      "DEMO_ADMIN_USER_ID",
      "DEMO_API_KEY",
      "DEMO_REVIEWER_USER_ID",
      "DEMO_WORKSPACE_ID",
      "demoSeed",
      "setupMockSentrail",
      "startMockServer",
    ]);
  });

  it("types the server and the MSW setup as documented", () => {
    expectTypeOf(node.startMockServer).parameter(0).toEqualTypeOf<node.StartMockServerOptions | undefined>();
    expectTypeOf(node.startMockServer).returns.resolves.toEqualTypeOf<node.RunningMockServer>();
    expectTypeOf<node.RunningMockServer>().toHaveProperty("baseUrl").toEqualTypeOf<string>();
    expectTypeOf(node.setupMockSentrail).returns.toEqualTypeOf<node.MockSentrailSetup>();
    expectTypeOf(node.DEMO_API_KEY).toEqualTypeOf<string>();
  });

  it("ships a demo key in the documented agk_ format", () => {
    expect(node.DEMO_API_KEY).toMatch(/^agk_[0-9a-f]{40}$/);
  });
});
