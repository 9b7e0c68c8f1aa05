import { tool } from "@langchain/core/tools";
import { ToolInvocationError } from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findToolArgumentError } from "./find-tool-argument-error";

const call = (args: Record<string, unknown>) =>
  ({ name: "list_issues", args, id: "call_1", type: "tool_call" }) as const;
const zodTool = tool(async () => "ok", {
  name: "list_issues",
  description: "List",
  schema: z.object({ repo: z.string() }),
});
const jsonTool = tool(async () => "ok", {
  name: "list_issues",
  description: "List",
  schema: { type: "object", properties: { repo: { type: "string" } }, required: ["repo"] },
});

describe("findToolArgumentError", () => {
  it("accepts arguments that fit a Zod or JSON schema", async () => {
    expect(await findToolArgumentError(zodTool, call({ repo: "acme/app" }))).toBeUndefined();
    expect(await findToolArgumentError(jsonTool, call({ repo: "acme/app" }))).toBeUndefined();
  });

  it("returns LangChain's own validation error for arguments that do not fit", async () => {
    const direct = await zodTool.invoke(call({ repo: 42 })).catch((error: unknown) => error);
    const error = await findToolArgumentError(zodTool, call({ repo: 42 }));
    expect(ToolInvocationError.isInstance(error)).toBe(true);
    expect(error?.message).toContain((direct as Error).message);
    expect(error?.toolCall).toMatchObject({ id: "call_1" });
    expect((await findToolArgumentError(jsonTool, call({})))?.message).toContain(
      "did not match expected schema",
    );
  });

  it("leaves tools without a readable schema to validate themselves", async () => {
    expect(await findToolArgumentError({ name: "x" }, call({}))).toBeUndefined();
  });
});
