import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRequestSignal } from "./create-request-signal";

describe("createRequestSignal", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("aborts with a TimeoutError once the timeout elapses", () => {
    const scope = createRequestSignal(undefined, 10_000);
    vi.advanceTimersByTime(9_999);
    expect(scope.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.timedOut()).toBe(true);
    expect(scope.signal.reason).toMatchObject({ name: "TimeoutError" });
  });

  it("follows the caller's signal and keeps its reason", () => {
    const controller = new AbortController();
    const scope = createRequestSignal(controller.signal, 10_000);
    const reason = new Error("user cancelled");
    controller.abort(reason);
    expect(scope.signal.reason).toBe(reason);
    expect(scope.timedOut()).toBe(false);
  });

  it("starts aborted when the caller's signal already is", () => {
    const controller = new AbortController();
    controller.abort("early");
    const scope = createRequestSignal(controller.signal, 10_000);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.signal.reason).toBe("early");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clears the timer and the listener on dispose", () => {
    const controller = new AbortController();
    const scope = createRequestSignal(controller.signal, 10_000);
    expect(vi.getTimerCount()).toBe(1);
    scope.dispose();
    expect(vi.getTimerCount()).toBe(0);
    controller.abort();
    expect(scope.signal.aborted).toBe(false);
  });

  it.each([Number.POSITIVE_INFINITY, 0])("sets no timer for a timeout of %d", (timeoutMs) => {
    createRequestSignal(undefined, timeoutMs);
    expect(vi.getTimerCount()).toBe(0);
  });
});
