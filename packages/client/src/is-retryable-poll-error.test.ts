import { describe, expect, it } from "vitest";
import { isRetryablePollError } from "./is-retryable-poll-error";
import {
  SentrailAuthenticationError,
  SentrailConflictError,
  SentrailNotFoundError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailUnavailableError,
  SentrailValidationError,
} from "./sentrail-error";

describe("isRetryablePollError", () => {
  it.each([
    ["a network failure", new SentrailUnavailableError("network", "x"), true],
    ["a timeout", new SentrailUnavailableError("timeout", "x"), true],
    ["an unreadable answer", new SentrailUnavailableError("unreadable", "x"), true],
    ["a 5xx", new SentrailServerError("x", { status: 503 }), true],
    ["a 429", new SentrailRateLimitError("x", { status: 429 }), true],
    ["a 401", new SentrailAuthenticationError("x", { status: 401 }), false],
    ["a 404", new SentrailNotFoundError("x", { status: 404 }), false],
    ["a 400", new SentrailValidationError("x", { status: 400 }), false],
    ["a 409", new SentrailConflictError("x", { status: 409 }), false],
    ["an abort reason", new DOMException("aborted", "AbortError"), false],
    ["a programming error", new TypeError("x is undefined"), false],
  ])("%s → %s", (_name, error, retryable) => {
    expect(isRetryablePollError(error)).toBe(retryable);
  });
});
