import { describe, expect, it, vi } from "vitest";
import { createDemoOutput, type DemoStream } from "./create-demo-output";
import { createProgressIndicator } from "./create-progress-indicator";

function recorder(isTTY: boolean, columns?: number): DemoStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) };
}

describe("createProgressIndicator", () => {
  it("prints one line when the wait starts and the final line when it ends, off a terminal", () => {
    const stream = recorder(false);
    const progress = createProgressIndicator(
      createDemoOutput({ format: "text", color: "never", stream, env: {} }),
      "waiting for the reviewer",
    );
    progress.update("3 polls");
    progress.stop("     approved");
    progress.stop("     twice");
    expect(stream.written).toEqual(["     … waiting for the reviewer\n", "     approved\n"]);
  });

  it("redraws one line in place on a terminal, cut to its width, and clears it at the end", () => {
    vi.useFakeTimers();
    try {
      const stream = recorder(true, 40);
      const progress = createProgressIndicator(
        createDemoOutput({ format: "text", color: "never", stream, env: {} }),
        "waiting for the reviewer, who is reading the diff",
      );
      progress.update("2 polls");
      vi.advanceTimersByTime(200);
      progress.stop("     done");
      const redraws = stream.written.filter(
        (text) => text.startsWith("\r\u001b[2K") && text.length > "\r\u001b[2K".length,
      );
      expect(redraws.length).toBeGreaterThanOrEqual(3);
      for (const text of redraws) expect(text.replace("\r\u001b[2K", "").length).toBeLessThan(40);
      expect(redraws.at(-1)).toContain("2 polls");
      expect(stream.written.slice(-2)).toEqual(["\r\u001b[2K", "     done\n"]);
      const count = stream.written.length;
      vi.advanceTimersByTime(500);
      expect(stream.written.length).toBe(count);
    } finally {
      vi.useRealTimers();
    }
  });

  it("prints nothing in JSON mode", () => {
    const stream = recorder(true);
    const progress = createProgressIndicator(
      createDemoOutput({ format: "json", color: "auto", stream, env: {} }),
      "waiting",
    );
    progress.stop("done");
    expect(stream.written).toEqual([]);
  });
});
