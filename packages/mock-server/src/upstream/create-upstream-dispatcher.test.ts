import { describe, expect, it, vi } from "vitest";
import { createUpstreamDispatcher } from "./create-upstream-dispatcher.js";
import { UpstreamNetworkError, type UpstreamRequest } from "./upstream-types.js";

const fixedNow = () => new Date("2025-01-01T12:00:00.000Z");

function githubRequest(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    tool: "github",
    method: "POST",
    url: "https://api.github.com/repos/owner/repo/issues",
    headers: { authorization: "Bearer gho_secret_token", "content-type": "application/json" },
    body: JSON.stringify({ title: "Fix login bug" }),
    useFake: true,
    ...overrides,
  };
}

function mcpRequest(body: unknown, useFake = true): UpstreamRequest {
  return {
    tool: "mcp",
    method: "POST",
    url: "https://mcp.example.test/mcp",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    useFake,
  };
}

describe("createUpstreamDispatcher", () => {
  it("answers with the built-in fake when the connection has no real URL", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    const response = await dispatcher.send(githubRequest());
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({
      number: 1,
      title: "Fix login bug",
      html_url: "https://github.com/owner/repo/issues/1",
    });
  });

  it("records every call with the mock clock's time and secrets redacted", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    await dispatcher.send(
      githubRequest({
        url: "https://api.github.com/repos/owner/repo/issues?token=gho_secret_token",
        headers: {
          authorization: "Bearer gho_secret_token",
          cookie: "session=abc",
          "x-custom": "agk_0123456789abcdef0123456789abcdef01234567",
          accept: "application/vnd.github+json",
        },
        body: JSON.stringify({
          title: "Leaks gho_secret_token and agk_0123456789abcdef0123456789abcdef01234567",
        }),
      }),
    );
    const [record] = dispatcher.records();
    expect(record).toEqual({
      tool: "github",
      method: "POST",
      url: "https://api.github.com/repos/owner/repo/issues?token=[redacted]",
      headers: {
        authorization: "[redacted]",
        cookie: "[redacted]",
        "x-custom": "[redacted]",
        accept: "application/vnd.github+json",
      },
      body: { title: "Leaks [redacted] and [redacted]" },
      at: "2025-01-01T12:00:00.000Z",
    });
    expect(JSON.stringify(dispatcher.records())).not.toMatch(/gho_secret|agk_0123/);
  });

  it("keeps a non-JSON body as text in the record and null for no body", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    await dispatcher.send(githubRequest({ body: "plain text" }));
    await dispatcher.send(githubRequest({ method: "GET", body: null }));
    expect(dispatcher.records().map((record) => record.body)).toEqual(["plain text", null]);
  });

  it("uses a scripted answer before the fake, for `times` calls, then falls back", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    dispatcher.script({ tool: "github", status: 422, body: { message: "Validation Failed" }, times: 2 });
    const first = await dispatcher.send(githubRequest());
    const second = await dispatcher.send(githubRequest());
    const third = await dispatcher.send(githubRequest());
    expect([first.status, second.status, third.status]).toEqual([422, 422, 201]);
    expect(JSON.parse(first.body)).toEqual({ message: "Validation Failed" });
    expect(first.headers["content-type"]).toBe("application/json");
    expect(dispatcher.records()).toHaveLength(3);
  });

  it("queues scripts per tool, first in first out", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    dispatcher.script({ tool: "github", status: 500 });
    dispatcher.script({ tool: "github", status: 503 });
    dispatcher.script({ tool: "linear", status: 418 });
    expect((await dispatcher.send(githubRequest())).status).toBe(500);
    expect((await dispatcher.send(githubRequest())).status).toBe(503);
    expect((await dispatcher.send(githubRequest())).status).toBe(201);
  });

  it("sends a string body as it is and defaults the status to 200", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    dispatcher.script({ tool: "github", body: "not json" });
    const response = await dispatcher.send(githubRequest());
    expect(response).toEqual({ status: 200, headers: { "content-type": "text/plain" }, body: "not json" });
  });

  it("rejects with UpstreamNetworkError for a scripted network error, and still records the call", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    dispatcher.script({ tool: "github", networkError: true });
    await expect(dispatcher.send(githubRequest())).rejects.toBeInstanceOf(UpstreamNetworkError);
    expect(dispatcher.records()).toHaveLength(1);
  });

  it("waits a scripted delay before answering", async () => {
    vi.useFakeTimers();
    try {
      const dispatcher = createUpstreamDispatcher({ now: fixedNow });
      dispatcher.script({ tool: "github", status: 200, delayMs: 5_000 });
      let settled = false;
      const pending = dispatcher.send(githubRequest()).then((response) => {
        settled = true;
        return response;
      });
      await vi.advanceTimersByTimeAsync(4_999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("ends a scripted delay early when the caller aborts", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    dispatcher.script({ tool: "github", delayMs: 60_000 });
    const controller = new AbortController();
    const pending = dispatcher.send(githubRequest(), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(UpstreamNetworkError);
  });

  it("wraps a scripted MCP result in a JSON-RPC response to the call's id", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    dispatcher.script({ tool: "mcp", body: { content: [{ type: "text", text: "scripted" }] } });
    dispatcher.script({ tool: "mcp", body: { jsonrpc: "2.0", error: { code: -32603, message: "boom" } } });
    const call = {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "get_issue", arguments: {} },
    };
    const first = await dispatcher.send(mcpRequest(call));
    const second = await dispatcher.send(mcpRequest(call));
    expect(JSON.parse(first.body)).toEqual({
      jsonrpc: "2.0",
      id: 7,
      result: { content: [{ type: "text", text: "scripted" }] },
    });
    expect(JSON.parse(second.body)).toEqual({
      jsonrpc: "2.0",
      id: 7,
      error: { code: -32603, message: "boom" },
    });
  });

  it("forwards to the real URL with the injected fetch when the connection has one", async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(JSON.stringify({ id: 9 }), {
        status: 201,
        headers: { "content-type": "application/json", "x-github-request-id": "abc" },
      });
    });
    const dispatcher = createUpstreamDispatcher({ now: fixedNow, fetch });
    const response = await dispatcher.send(
      githubRequest({ useFake: false, url: "http://127.0.0.1:1/repos/o/r/issues" }),
    );
    expect(response.status).toBe(201);
    expect(response.headers["x-github-request-id"]).toBe("abc");
    expect(JSON.parse(response.body)).toEqual({ id: 9 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe("http://127.0.0.1:1/repos/o/r/issues");
    expect(calls[0]?.init?.method).toBe("POST");
    expect((calls[0]?.init?.headers as Record<string, string> | undefined)?.authorization).toBe(
      "Bearer gho_secret_token",
    );
  });

  it("reads globalThis.fetch at call time when no fetch is injected", async () => {
    const original = globalThis.fetch;
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    globalThis.fetch = vi.fn(async () => new Response("{}", { status: 200 }));
    try {
      const response = await dispatcher.send(githubRequest({ useFake: false, method: "GET", body: null }));
      expect(response.status).toBe(200);
      expect(globalThis.fetch).toHaveBeenCalledTimes(1);
    } finally {
      globalThis.fetch = original;
    }
  });

  it("turns a refused connection into UpstreamNetworkError", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
      });
    });
    const dispatcher = createUpstreamDispatcher({ now: fixedNow, fetch });
    await expect(dispatcher.send(githubRequest({ useFake: false }))).rejects.toThrow(/ECONNREFUSED/);
  });

  it("gives up on an upstream that does not answer within the timeout", async () => {
    const fetch = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        }),
    );
    const dispatcher = createUpstreamDispatcher({ now: fixedNow, fetch, timeoutMs: 20 });
    await expect(dispatcher.send(githubRequest({ useFake: false }))).rejects.toThrow(
      new UpstreamNetworkError("Upstream did not answer within 20 ms"),
    );
  });

  it("forgets records and scripts on reset and numbers fakes from 1 again", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    await dispatcher.send(githubRequest());
    dispatcher.script({ tool: "github", status: 500 });
    dispatcher.reset();
    expect(dispatcher.records()).toEqual([]);
    const response = await dispatcher.send(githubRequest());
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body).number).toBe(1);
  });

  it("hands out a copy of the records, so callers cannot rewrite history", async () => {
    const dispatcher = createUpstreamDispatcher({ now: fixedNow });
    await dispatcher.send(githubRequest());
    (dispatcher.records() as unknown[]).length = 0;
    expect(dispatcher.records()).toHaveLength(1);
  });
});
