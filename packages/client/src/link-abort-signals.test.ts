import { describe, expect, it } from "vitest";
import { linkAbortSignals } from "./link-abort-signals";

describe("linkAbortSignals", () => {
  it("aborts with the reason of the first source that aborts", () => {
    const first = new AbortController();
    const second = new AbortController();
    const linked = linkAbortSignals([first.signal, undefined, second.signal]);
    second.abort("second");
    first.abort("first");
    expect(linked.signal.reason).toBe("second");
  });

  it("is aborted at once when a source already is", () => {
    expect(linkAbortSignals([AbortSignal.abort("early")]).signal.reason).toBe("early");
  });

  it("stops following the sources once disposed", () => {
    const source = new AbortController();
    const linked = linkAbortSignals([source.signal]);
    linked.dispose();
    source.abort();
    expect(linked.signal.aborted).toBe(false);
  });
});
