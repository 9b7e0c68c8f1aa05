// AI SDK 7's own types (the `ai-v7` devDependency, npm:ai@7): the gate's seams fit them without casts.
import {
  type generateText,
  type LanguageModelMiddleware,
  type ToolSet,
  tool,
  type wrapLanguageModel,
} from "ai-v7";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createSentrailGate, createSentrailToolFilterMiddleware, withSentrail } from "../src/index";

const tools = {
  refund_order: tool({
    inputSchema: z.object({ orderId: z.string() }),
    execute: async ({ orderId }) => ({ refunded: orderId }),
  }),
};

describe("AI SDK 7 types", () => {
  it("keeps a v7 tool set's type", () => {
    const gated = withSentrail(tools, { client: {} as never });
    expectTypeOf(gated).toEqualTypeOf<typeof tools>();
    expectTypeOf(gated).toExtend<ToolSet>();
  });

  it("fits generateText's toolApproval and wrapLanguageModel's middleware", () => {
    const gate = createSentrailGate({ client: {} as never });
    type Settings = Parameters<typeof generateText<typeof tools>>[0];
    expectTypeOf(gate.toolApproval).toExtend<NonNullable<Settings["toolApproval"]>>();
    expectTypeOf(createSentrailToolFilterMiddleware({ gate })).toExtend<LanguageModelMiddleware>();
    expectTypeOf(createSentrailToolFilterMiddleware({ gate })).toExtend<
      Parameters<typeof wrapLanguageModel>[0]["middleware"]
    >();
  });
});
