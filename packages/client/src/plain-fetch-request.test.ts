import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { PlainFetchRequest } from "./plain-fetch-request";
import type { SentrailPaths } from "./sentrail-api-types";

describe("PlainFetchRequest", () => {
  it("gives fetch a URL string and an init with the serialised body, the headers and the call's signal", () => {
    const signal = new AbortController().signal;
    const request = new PlainFetchRequest(new URL("https://example.test/functions/v1/evaluate-action"), {
      method: "post",
      headers: { "content-type": "application/json" },
      body: '{"tool":"github"}',
      redirect: "follow",
    });
    request.headers.set("Authorization", "Bearer agk_x");
    const [url, init] = request.toFetchArguments(signal);
    expect(url).toBe("https://example.test/functions/v1/evaluate-action");
    expect(init).toMatchObject({ method: "POST", body: '{"tool":"github"}', redirect: "follow", signal });
    expect(new Headers(init.headers).get("authorization")).toBe("Bearer agk_x");
  });

  it("is what openapi-fetch builds typed calls into when given as its Request class", async () => {
    const received: Array<[unknown, RequestInit | undefined]> = [];
    const api = createClient<SentrailPaths>({
      baseUrl: "https://example.test/functions/v1",
      Request: PlainFetchRequest as unknown as typeof Request,
      fetch: async (input: Request) => {
        received.push([input, undefined]);
        return Response.json({ ok: true });
      },
    });
    await api.POST("/evaluate-action", {
      body: { tool: "github", action: "read", riskLevel: "low" },
    });
    const [request] = received[0] ?? [];
    expect(request).toBeInstanceOf(PlainFetchRequest);
    const [url, init] = (request as PlainFetchRequest).toFetchArguments(new AbortController().signal);
    expect(url).toBe("https://example.test/functions/v1/evaluate-action");
    expect(JSON.parse(String(init.body))).toEqual({ tool: "github", action: "read", riskLevel: "low" });
  });
});
