import * as ai from "ai";
import { describe, expect, it } from "vitest";

describe("the AI SDK under test", () => {
  it("is the major version this run is for (vitest.config.ts: 6, vitest.v7.config.ts: 7)", () => {
    const expected = process.env.SENTRAIL_AI_SDK_MAJOR;
    expect(expected === "6" || expected === "7").toBe(true);
    // `isStepCount` (and `toolApproval`) arrived with AI SDK 7.
    expect("isStepCount" in ai).toBe(expected === "7");
  });
});
