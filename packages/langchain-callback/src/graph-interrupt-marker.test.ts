import { describe, expect, it } from "vitest";
import { GRAPH_INTERRUPT_MARKER, isGraphInterruptMarker } from "./graph-interrupt-marker";

describe("isGraphInterruptMarker", () => {
  it("recognises the marker, also after a JSON round trip through a persistent store", () => {
    expect(isGraphInterruptMarker(GRAPH_INTERRUPT_MARKER)).toBe(true);
    expect(isGraphInterruptMarker(JSON.parse(JSON.stringify(GRAPH_INTERRUPT_MARKER)))).toBe(true);
  });

  it("does not mistake a tool's own result for it", () => {
    for (const result of ["sentrailInterrupted", { sentrailInterrupted: "yes" }, null, undefined, 1, {}]) {
      expect(isGraphInterruptMarker(result)).toBe(false);
    }
  });
});
