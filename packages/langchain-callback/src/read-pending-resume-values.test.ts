import { describe, expect, it } from "vitest";
import { readPendingResumeValues } from "./read-pending-resume-values";

const scratchpad = (fields: Record<string, unknown>) => ({ __pregel_scratchpad: fields });

describe("readPendingResumeValues", () => {
  it("lists the values the next interrupt() calls return: matched ones past the counter, then the unclaimed one", () => {
    expect(
      readPendingResumeValues(scratchpad({ resume: [], nullResume: "yes", interruptCounter: -1 })),
    ).toEqual(["yes"]);
    expect(
      readPendingResumeValues(scratchpad({ resume: ["a", "b"], nullResume: "c", interruptCounter: -1 })),
    ).toEqual(["a", "b", "c"]);
    expect(
      readPendingResumeValues(scratchpad({ resume: ["a", "b"], nullResume: "c", interruptCounter: 0 })),
    ).toEqual(["b", "c"]);
    expect(readPendingResumeValues(scratchpad({ resume: ["a"], interruptCounter: 0 }))).toEqual([]);
  });

  it("is undefined when LangGraph's scratchpad is not there or has another shape", () => {
    expect(readPendingResumeValues(undefined)).toBeUndefined();
    expect(readPendingResumeValues({ thread_id: "t" })).toBeUndefined();
    expect(readPendingResumeValues(scratchpad({ resume: "a", interruptCounter: -1 }))).toBeUndefined();
    expect(readPendingResumeValues(scratchpad({ resume: [] }))).toBeUndefined();
  });
});
