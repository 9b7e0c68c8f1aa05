import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createSentrailTransport,
  type FetchFunction,
  withoutAuthorization,
} from "./create-sentrail-transport";
import type { SentrailPaths } from "./sentrail-api-types";
import { SentrailError, SentrailNotFoundError, SentrailUnavailableError } from "./sentrail-error";

const BASE = "https://example.supabase.co/functions/v1";
const body = { tool: "github", action: "read", riskLevel: "low" } as const;

function transportWith(fetch: FetchFunction | undefined, timeoutMs = 10_000) {
  return createSentrailTransport<SentrailPaths>({
    baseUrl: BASE,
    fetch,
    timeoutMs,
    headers: { Authorization: "Bearer agk_test", "X-Agent-Id": "bot" },
  });
}

function evaluate(
  transport: ReturnType<typeof transportWith>,
  options?: { signal?: AbortSignal; timeoutMs?: number },
) {
  return transport.call(options, (init) => transport.api.POST("/evaluate-action", { body, ...init }));
}

/** A fetch that never answers until its signal aborts. */
const hangingFetch: FetchFunction = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    signal?.addEventListener("abort", () => reject(signal.reason));
  });

describe("createSentrailTransport", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("times out after the default timeout with SentrailUnavailableError (timeout) and clears the timer", async () => {
    vi.useFakeTimers();
    const transport = transportWith(hangingFetch);
    const result = evaluate(transport);
    const assertion = expect(result).rejects.toSatisfy(
      (error) => SentrailUnavailableError.isInstance(error) && error.kind === "timeout",
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await assertion;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("honours a per-call timeout", async () => {
    vi.useFakeTimers();
    const transport = transportWith(hangingFetch);
    const result = evaluate(transport, { timeoutMs: 50 });
    const assertion = expect(result).rejects.toMatchObject({ kind: "timeout" });
    await vi.advanceTimersByTimeAsync(50);
    await assertion;
  });

  it("rejects with the caller's abort reason, not a Sentrail error", async () => {
    const controller = new AbortController();
    const transport = transportWith(hangingFetch);
    const result = evaluate(transport, { signal: controller.signal });
    const reason = new DOMException("user cancelled", "AbortError");
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
  });

  it("does not call fetch at all for an already-aborted signal", async () => {
    const fetch = vi.fn<FetchFunction>(hangingFetch);
    const transport = transportWith(fetch);
    await expect(evaluate(transport, { signal: AbortSignal.abort("gone") })).rejects.toBe("gone");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("maps a fetch rejection to SentrailUnavailableError (network) with the cause", async () => {
    const cause = new TypeError("fetch failed");
    const transport = transportWith(async () => {
      throw cause;
    });
    const error = await evaluate(transport).catch((caught: unknown) => caught);
    expect(SentrailUnavailableError.isInstance(error) && error.kind).toBe("network");
    expect((error as Error).cause).toBe(cause);
  });

  it("maps invalid JSON on a 2xx to SentrailUnavailableError (unreadable)", async () => {
    const transport = transportWith(async () => new Response("{not json", { status: 200 }));
    await expect(evaluate(transport)).rejects.toMatchObject({
      name: "SentrailUnavailableError",
      kind: "unreadable",
    });
  });

  it("maps an empty 2xx to SentrailUnavailableError (unreadable)", async () => {
    const transport = transportWith(async () => new Response(null, { status: 204 }));
    await expect(evaluate(transport)).rejects.toMatchObject({ kind: "unreadable", status: 204 });
  });

  it("maps a non-2xx through createSentrailError, keeping the correlation id", async () => {
    const transport = transportWith(
      async () =>
        new Response(JSON.stringify({ ok: false, error: "Approval request not found" }), {
          status: 404,
          headers: { "content-type": "application/json", "x-sentrail-correlationid": "c-9" },
        }),
    );
    const error = await evaluate(transport).catch((caught: unknown) => caught);
    expect(SentrailNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ message: "Approval request not found", correlationId: "c-9" });
  });

  it("sends the client's headers to a fetch given alone as a URL and a plain init, with this call's signal", async () => {
    const fetch = vi.fn<FetchFunction>(async () => Response.json({ ok: true }));
    const transport = transportWith(fetch);
    await evaluate(transport);
    const [input, init] = fetch.mock.calls[0] ?? [];
    expect(typeof input).toBe("string");
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    const request = new Request(input as string, init);
    expect(request.url).toBe(`${BASE}/evaluate-action`);
    expect(request.headers.get("authorization")).toBe("Bearer agk_test");
    expect(request.headers.get("x-agent-id")).toBe("bot");
    expect(await request.json()).toEqual(body);
  });

  it("hands a fetch given with its Request class the request built with that class, with this call's signal", async () => {
    class OwnRequest extends Request {}
    const fetch = vi.fn<FetchFunction>(async () => Response.json({ ok: true }));
    const transport = createSentrailTransport<SentrailPaths>({
      baseUrl: BASE,
      fetch,
      Request: OwnRequest,
      timeoutMs: 10_000,
      headers: { Authorization: "Bearer agk_test" },
    });
    await evaluate(transport);
    const [request, init] = fetch.mock.calls[0] ?? [];
    expect(request).toBeInstanceOf(OwnRequest);
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    expect(await (request as Request).json()).toEqual(body);
  });

  it("looks the global fetch up at call time, not at creation", async () => {
    const transport = transportWith(undefined);
    const late = vi.fn<FetchFunction>(async () => Response.json({ ok: true, late: true }));
    vi.stubGlobal("fetch", late);
    await expect(evaluate(transport)).resolves.toMatchObject({ data: { late: true } });
    expect(late).toHaveBeenCalledTimes(1);
  });

  it("leaves no timer behind after a successful call", async () => {
    vi.useFakeTimers();
    const transport = transportWith(async () => Response.json({ ok: true }));
    await evaluate(transport);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("passes Sentrail errors thrown inside the call through unchanged", async () => {
    const own = new SentrailError("from middleware");
    const transport = transportWith(async () => Response.json({}));
    await expect(transport.run(undefined, async () => Promise.reject(own))).rejects.toBe(own);
  });

  it("builds raw-fetch headers where only the client's Authorization survives", () => {
    const transport = transportWith(undefined);
    const headers = transport.requestHeaders(
      { Authorization: "Bearer user-jwt", Accept: "a" },
      { "X-Agent-Id": "other" },
    );
    expect(headers.get("authorization")).toBe("Bearer agk_test");
    expect(headers.get("accept")).toBe("a");
    expect(headers.get("x-agent-id")).toBe("other");
  });
});

describe("withoutAuthorization", () => {
  it("drops Authorization in any case and keeps the rest", () => {
    expect(withoutAuthorization({ AUTHORIZATION: "x", "X-Agent-Id": "bot" })).toEqual({
      "X-Agent-Id": "bot",
    });
    expect(withoutAuthorization(undefined)).toBeUndefined();
  });
});
