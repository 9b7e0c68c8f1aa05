import { describe, expect, it } from "vitest";
import { createSentrailError } from "./create-sentrail-error";
import {
  SentrailAuthenticationError,
  SentrailConflictError,
  SentrailError,
  SentrailNotFoundError,
  SentrailPermissionError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailValidationError,
} from "./sentrail-error";

describe("createSentrailError", () => {
  it.each([
    [400, "tool must be one of github, linear, slack, notion, internal_api, mcp", SentrailValidationError],
    [401, "Invalid or expired API key", SentrailAuthenticationError],
    [403, "Reviewer role required", SentrailPermissionError],
    [404, "Approval request not found", SentrailNotFoundError],
    [409, "Approval already has a decision", SentrailConflictError],
    [429, "Too many requests", SentrailRateLimitError],
    [500, "Deferred execution failed: boom", SentrailServerError],
    [502, "Upstream request failed", SentrailServerError],
  ])("maps HTTP %i to its class with the server's message", (status, message, ErrorClass) => {
    const error = createSentrailError(status, { ok: false, error: message });
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(error.message).toBe(message);
    expect(error.status).toBe(status);
  });

  it("maps other statuses to the base class with code unexpected_status", () => {
    const error = createSentrailError(405, { ok: false, error: "Method not allowed" });
    expect(error.constructor).toBe(SentrailError);
    expect(error.code).toBe("unexpected_status");
  });

  it("reads a JSON-RPC error envelope (mcp-gate 424)", () => {
    const body = {
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32000, message: "No MCP server connected for this workspace" },
    };
    const error = createSentrailError(424, body);
    expect(error.message).toBe("No MCP server connected for this workspace");
    expect(error.status).toBe(424);
  });

  it("falls back to the status when the body has no message", () => {
    expect(createSentrailError(502, "<html>Bad gateway</html>").message).toBe("Sentrail answered HTTP 502");
    expect(createSentrailError(500, undefined).message).toBe("Sentrail answered HTTP 500");
  });

  it("reads correlation id, request id and Retry-After from headers", () => {
    const headers = new Headers({
      "X-Sentrail-CorrelationId": "c-1",
      "sb-request-id": "r-1",
      "Retry-After": "7",
    });
    const error = createSentrailError(503, { ok: false, error: "busy" }, { headers });
    expect(error).toMatchObject({ correlationId: "c-1", requestId: "r-1", retryAfterMs: 7000 });
  });

  it("ignores Retry-After on statuses that do not define it", () => {
    const error = createSentrailError(500, {}, { headers: new Headers({ "Retry-After": "7" }) });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it("redacts and shortens long server messages", () => {
    const key = `agk_${"f".repeat(40)}`;
    const error = createSentrailError(400, { ok: false, error: `${"x".repeat(495)} ${key}` });
    expect(error.message).not.toContain(key);
    expect(error.message.length).toBeLessThanOrEqual(501);
  });
});
