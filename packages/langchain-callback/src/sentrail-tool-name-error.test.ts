import { SentrailError } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { SentrailToolNameError } from "./sentrail-tool-name-error";

describe("SentrailToolNameError", () => {
  it("is a Sentrail error that says the tool did not run and carries what LangChain passed", () => {
    const error = new SentrailToolNameError({
      toolClass: "DeleteRepoTool",
      runName: null,
      toolCallId: "call_1",
    });
    expect(SentrailToolNameError.isInstance(error)).toBe(true);
    expect(SentrailError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "not_executed", toolClass: "DeleteRepoTool", toolCallId: "call_1" });
    expect(error.message).toMatch(/^Not executed: /);
  });
});
