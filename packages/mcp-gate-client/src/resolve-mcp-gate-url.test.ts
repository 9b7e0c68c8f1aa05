import { describe, expect, it } from "vitest";
import { resolveMcpGateUrl } from "./resolve-mcp-gate-url";

describe("resolveMcpGateUrl", () => {
  it("derives the functions base URL from a gate URL", () => {
    const urls = resolveMcpGateUrl({ url: "http://127.0.0.1:4010/functions/v1/mcp-gate/sse/" });
    expect(urls.gateUrl.href).toBe("http://127.0.0.1:4010/functions/v1/mcp-gate/sse");
    expect(urls.baseUrl).toBe("http://127.0.0.1:4010/functions/v1");
  });

  it("appends the gate path to a base URL and expands a project ref", () => {
    expect(resolveMcpGateUrl({ baseUrl: "http://localhost:1/functions/v1/" }).gateUrl.href).toBe(
      "http://localhost:1/functions/v1/mcp-gate/sse",
    );
    expect(resolveMcpGateUrl({ projectRef: "AbCd1234" })).toEqual({
      gateUrl: new URL("https://abcd1234.supabase.co/functions/v1/mcp-gate/sse"),
      baseUrl: "https://abcd1234.supabase.co/functions/v1",
    });
  });

  it("refuses a URL that does not end with /mcp-gate/sse, and zero or several endpoints", () => {
    expect(() => resolveMcpGateUrl({ url: "https://x.supabase.co/functions/v1/mcp-gate" })).toThrow(
      TypeError,
    );
    expect(() => resolveMcpGateUrl({})).toThrow(TypeError);
    expect(() => resolveMcpGateUrl({ projectRef: "a", baseUrl: "http://localhost" })).toThrow(TypeError);
    expect(() => resolveMcpGateUrl({ projectRef: "not a ref" })).toThrow(TypeError);
  });
});
