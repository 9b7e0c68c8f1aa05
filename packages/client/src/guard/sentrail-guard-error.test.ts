import { describe, expect, it } from "vitest";
import { SentrailError, SentrailUnavailableError } from "../sentrail-error";
import { createGuardOutcome, type GuardOutcomeContext } from "./create-guard-outcome";
import { SentrailGuardError } from "./sentrail-guard-error";

const context: GuardOutcomeContext = {
  toolName: "refund",
  callKey: "k",
  mode: "enforce",
  replay: "self",
  wait: null,
  evaluation: null,
};

describe("SentrailGuardError", () => {
  it("is a SentrailError that carries the outcome and the model-facing message", () => {
    const failure = new SentrailUnavailableError("network", "Could not reach Sentrail");
    const outcome = createGuardOutcome(context, { status: "unavailable", error: failure });
    if (outcome.status === "executed") throw new Error("unexpected");
    const error = new SentrailGuardError(outcome);
    expect(SentrailError.isInstance(error)).toBe(true);
    expect(SentrailGuardError.isInstance(error)).toBe(true);
    expect(SentrailGuardError.isInstance(failure)).toBe(false);
    expect(error).toMatchObject({
      name: "SentrailGuardError",
      code: "not_executed",
      message: outcome.message,
      cause: failure,
    });
    expect(error.outcome).toBe(outcome);
  });

  it("serialises the outcome's summary, never the tool's error", () => {
    const outcome = createGuardOutcome(context, {
      status: "failed",
      via: "guard",
      ranAlthough: null,
      error: new Error("password=hunter2"),
    });
    if (outcome.status === "executed") throw new Error("unexpected");
    const json = new SentrailGuardError(outcome).toJSON();
    expect(json.outcome).toMatchObject({ status: "failed", sideEffect: "unknown", retrySafe: false });
    expect(JSON.stringify(json)).not.toContain("hunter2");
  });
});
