import { describe, expect, it, vi } from "vitest";
import {
  SentrailAuthenticationError,
  SentrailConflictError,
  SentrailError,
  SentrailNotFoundError,
  SentrailPermissionError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailUnavailableError,
  SentrailValidationError,
} from "./sentrail-error";

const KEY = `agk_${"0123456789".repeat(4)}`;

describe("SentrailError family", () => {
  it.each([
    [SentrailAuthenticationError, "SentrailAuthenticationError", "authentication_failed"],
    [SentrailPermissionError, "SentrailPermissionError", "permission_denied"],
    [SentrailValidationError, "SentrailValidationError", "validation_failed"],
    [SentrailNotFoundError, "SentrailNotFoundError", "not_found"],
    [SentrailConflictError, "SentrailConflictError", "conflict"],
    [SentrailRateLimitError, "SentrailRateLimitError", "rate_limited"],
    [SentrailServerError, "SentrailServerError", "server_error"],
  ])("%o carries its name and default code", (ErrorClass, name, code) => {
    const error = new ErrorClass("boom", { status: 418 });
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.status).toBe(418);
    expect(error).toBeInstanceOf(Error);
    expect(SentrailError.isInstance(error)).toBe(true);
    expect(ErrorClass.isInstance(error)).toBe(true);
  });

  it("tells subclasses apart with isInstance", () => {
    const notFound = new SentrailNotFoundError("Approval request not found", { status: 404 });
    expect(SentrailNotFoundError.isInstance(notFound)).toBe(true);
    expect(SentrailConflictError.isInstance(notFound)).toBe(false);
    expect(SentrailError.isInstance(new Error("plain"))).toBe(false);
    expect(SentrailError.isInstance({ name: "SentrailError" })).toBe(false);
    expect(SentrailError.isInstance(null)).toBe(false);
  });

  it("recognises errors thrown by another copy of the package", async () => {
    vi.resetModules();
    // A query string makes Vite load a second, independent instance of the module.
    const specifier = "./sentrail-error?copy";
    const otherCopy = (await import(/* @vite-ignore */ specifier)) as typeof import("./sentrail-error");
    const foreign = new otherCopy.SentrailNotFoundError("from another realm");
    expect(otherCopy.SentrailError).not.toBe(SentrailError);
    expect(foreign instanceof SentrailError).toBe(false);
    expect(SentrailError.isInstance(foreign)).toBe(true);
    expect(SentrailNotFoundError.isInstance(foreign)).toBe(true);
    expect(SentrailServerError.isInstance(foreign)).toBe(false);
  });

  it("lets a caller override the code", () => {
    const error = new SentrailAuthenticationError("wrong credential", { code: "credential_mismatch" });
    expect(error.code).toBe("credential_mismatch");
  });

  it("keeps the server message on validation errors", () => {
    const error = new SentrailValidationError("riskLevel must be one of low, medium, high, critical");
    expect(error.serverMessage).toBe("riskLevel must be one of low, medium, high, critical");
  });

  it("carries the unavailable kind into toJSON", () => {
    const error = new SentrailUnavailableError("timeout", "no answer", { cause: new Error("aborted") });
    expect(error.kind).toBe("timeout");
    expect(error.toJSON()).toMatchObject({ kind: "timeout", code: "unavailable", cause: "Error: aborted" });
  });

  it("redacts keys and tokens from message, toString, toJSON, stack and JSON.stringify", () => {
    const cause = new Error(`upstream said Authorization: Bearer ${KEY}`);
    const error = new SentrailServerError(`echo ${KEY} and Bearer eyJabcdef.eyJpayload.signature`, {
      status: 500,
      cause,
    });
    const forms = [error.message, error.toString(), JSON.stringify(error), String(error.stack)];
    for (const form of forms) {
      expect(form).not.toContain(KEY);
      expect(form).not.toContain("eyJpayload");
      expect(form).not.toMatch(/agk_[A-Za-z0-9]/);
    }
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "SentrailServerError",
      code: "server_error",
      message: "echo agk_[REDACTED] and Bearer [REDACTED]",
      status: 500,
      cause: "Error: upstream said Authorization: Bearer [REDACTED]",
    });
  });

  it("redacts a secret written into message after construction", () => {
    const error = new SentrailError("fine");
    error.message = `later ${KEY}`;
    expect(error.toString()).toBe("SentrailError: later agk_[REDACTED]");
    expect(error.toJSON().message).toBe("later agk_[REDACTED]");
  });
});
