import { describe, expectTypeOf, it } from "vitest";
import type * as api from "./index";

describe("@sentrail/langchain-callback", () => {
  it("exports exactly these values", () => {
    expectTypeOf<keyof typeof api>().toEqualTypeOf<
      | "createLangGraphGuardStore"
      | "createRefusalToolMessage"
      | "createSentrailMiddleware"
      | "isSentrailApprovalInterrupt"
      | "SentrailCallbackHandler"
      | "SentrailDuplicateCallError"
      | "SentrailToolNameError"
      | "toToolMessageFields"
      | "wrapToolWithSentrail"
    >();
  });

  it("exports these types", () => {
    expectTypeOf<api.GuardSource>().not.toBeAny();
    expectTypeOf<api.KeyValueStoreLike>().not.toBeAny();
    expectTypeOf<api.LangGraphGuardStoreOptions>().not.toBeAny();
    expectTypeOf<api.NotExecutedBehavior>().toEqualTypeOf<"result" | "throw">();
    expectTypeOf<api.SentrailApprovalInterrupt>().not.toBeAny();
    expectTypeOf<api.SentrailApprovalMode>().toEqualTypeOf<"wait" | "interrupt">();
    expectTypeOf<api.SentrailCallbackHandlerOptions>().not.toBeAny();
    expectTypeOf<api.SentrailMessageMetadata>().not.toBeAny();
    expectTypeOf<api.SentrailMiddlewareOptions>().not.toBeAny();
    expectTypeOf<api.SentrailRunLink>().not.toBeAny();
    expectTypeOf<api.SentrailToolCallEvent>().not.toBeAny();
    expectTypeOf<api.ToolMessageFields>().not.toBeAny();
    expectTypeOf<api.WrapToolWithSentrailOptions>().not.toBeAny();
  });

  it("accepts a guard or the options to create one", () => {
    expectTypeOf<api.SentrailMiddlewareOptions>().toMatchTypeOf<api.GuardSource>();
    expectTypeOf<api.SentrailCallbackHandlerOptions>().toMatchTypeOf<api.GuardSource>();
  });
});
