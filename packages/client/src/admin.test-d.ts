import { describe, expectTypeOf, it } from "vitest";
import type * as admin from "./admin";

describe("@sentrail/client/admin", () => {
  it("exports exactly these values", () => {
    expectTypeOf<keyof typeof admin>().toEqualTypeOf<"createSentrailAdminClient">();
  });

  it("exports these types", () => {
    expectTypeOf<admin.SentrailAdminClient>().toHaveProperty("decideApproval");
    expectTypeOf<admin.SentrailAdminClientOptions["accessToken"]>().toEqualTypeOf<
      string | (() => string | Promise<string>)
    >();
    expectTypeOf<admin.CreateApiKeyInput>().toHaveProperty("scopes");
    expectTypeOf<admin.CreatedApiKey>().toHaveProperty("key").toEqualTypeOf<string>();
    expectTypeOf<admin.RotateApiKeyInput>().toHaveProperty("keyId");
    expectTypeOf<admin.ApiKeyInfo>().not.toHaveProperty("key");
    expectTypeOf<admin.ApprovalDecisionFinalStatus>().toEqualTypeOf<
      "executed" | "failed" | "denied" | "approved"
    >();
    expectTypeOf<admin.ApprovalDecisionResult["status"]>().toEqualTypeOf<
      "executed" | "failed" | "denied" | "approved"
    >();
    expectTypeOf<admin.ApprovalDecisionResult>().not.toHaveProperty("ok");
    expectTypeOf<admin.DecideApprovalInput>()
      .toHaveProperty("decision")
      .toEqualTypeOf<admin.ReviewerDecision>();
    expectTypeOf<admin.KillSwitchAction>().toEqualTypeOf<
      "enable" | "disable" | "pause_tool" | "resume_tool"
    >();
    expectTypeOf<admin.KillSwitchInput>().toHaveProperty("workspaceId");
    expectTypeOf<admin.Scope>().toEqualTypeOf<"gateway" | "evaluate" | "mcp">();
  });

  it("requires a tool for pause_tool and resume_tool", () => {
    expectTypeOf<{ workspaceId: string; action: "pause_tool" }>().not.toExtend<admin.KillSwitchInput>();
    expectTypeOf<{ workspaceId: string; action: "enable" }>().toExtend<admin.KillSwitchInput>();
  });
});
