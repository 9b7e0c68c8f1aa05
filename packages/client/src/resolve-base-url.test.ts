import { describe, expect, it } from "vitest";
import { resolveBaseUrl } from "./resolve-base-url";

describe("resolveBaseUrl", () => {
  it("expands a projectRef to the functions URL", () => {
    expect(resolveBaseUrl({ projectRef: "AbCd1234" })).toBe("https://abcd1234.supabase.co/functions/v1");
  });

  it("keeps a baseUrl, without trailing slashes", () => {
    expect(resolveBaseUrl({ baseUrl: "http://localhost:54321/functions/v1//" })).toBe(
      "http://localhost:54321/functions/v1",
    );
  });

  it.each([
    ["nothing", {}],
    ["both", { baseUrl: "https://x.supabase.co/functions/v1", projectRef: "x" }],
    ["a projectRef that is not a DNS label", { projectRef: "evil.com/x" }],
    ["an empty baseUrl", { baseUrl: " " }],
  ])("throws a TypeError for %s", (_name, options) => {
    expect(() => resolveBaseUrl(options)).toThrow(TypeError);
  });
});
