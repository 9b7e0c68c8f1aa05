import type { LanguageModelMiddleware, Tool } from "ai";
import { tool } from "ai";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type * as api from "./index";
import {
  createSentrailGate,
  createSentrailToolFilterMiddleware,
  isSentrailToolNotExecuted,
  type SentrailGate,
  type SentrailToolNotExecuted,
  withSentrail,
} from "./index";

describe("@sentrail/ai-sdk-middleware", () => {
  it("exports exactly these values", () => {
    expectTypeOf<keyof typeof api>().toEqualTypeOf<
      | "createSentrailGate"
      | "createSentrailToolFilterMiddleware"
      | "isSentrailToolNotExecuted"
      | "toAiSdkToolAnswer"
      | "withSentrail"
    >();
  });

  it("returns the tool set with its own types", () => {
    const tools = {
      lookup: tool({
        inputSchema: z.object({ id: z.string() }),
        execute: async ({ id }) => ({ id, found: true }),
      }),
    };
    const gated = withSentrail(tools, { client: {} as never });
    expectTypeOf(gated).toEqualTypeOf<typeof tools>();
    expectTypeOf(gated.lookup).toExtend<Tool<{ id: string }, { id: string; found: boolean }>>();
  });

  it("gives a middleware that wrapLanguageModel accepts", () => {
    const middleware = createSentrailToolFilterMiddleware({ gate: {} as SentrailGate });
    expectTypeOf(middleware).toExtend<LanguageModelMiddleware>();
    expectTypeOf(createSentrailGate).returns.toEqualTypeOf<SentrailGate>();
  });

  it("narrows a tool output to Sentrail's not-executed result", () => {
    const output: unknown = {};
    if (isSentrailToolNotExecuted(output)) {
      expectTypeOf(output.retrySafe).toEqualTypeOf<boolean>();
      expectTypeOf(output).toEqualTypeOf<SentrailToolNotExecuted>();
    }
  });
});
