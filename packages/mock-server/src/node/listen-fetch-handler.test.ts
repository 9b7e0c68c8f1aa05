import { Agent, request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ServedRequest } from "./create-node-request-listener.js";
import { type ListeningFetchHandler, listenFetchHandler } from "./listen-fetch-handler.js";
import type { ServerLimits } from "./resolve-server-limits.js";

const started: ListeningFetchHandler[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close({ graceMs: 0 })));
});

async function serve(
  handle: (request: Request) => Promise<Response>,
  onRequest?: (served: ServedRequest) => void,
  onError?: (error: unknown) => void,
) {
  const server = await listenFetchHandler(handle, { port: 0, host: "127.0.0.1", onRequest, onError });
  started.push(server);
  return server;
}

describe("listenFetchHandler", () => {
  it("listens on a free loopback port and reports the real origin", async () => {
    const server = await serve(async () => new Response("ok"));
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.origin).not.toBe("http://127.0.0.1:0");
    expect(await (await fetch(`${server.origin}/x`)).text()).toBe("ok");
  });

  it("hands the handler the method, path, query, headers and raw body bytes", async () => {
    let seen: { method: string; url: string; agent: string | null; body: Uint8Array } | undefined;
    const server = await serve(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        agent: request.headers.get("x-agent-id"),
        body: new Uint8Array(await request.arrayBuffer()),
      };
      return new Response(null, { status: 204 });
    });
    const body = new Uint8Array([0x7b, 0x20, 0xff, 0x00, 0x7d]);
    const response = await fetch(`${server.origin}/functions/v1/gateway-proxy/github/repos/o/r?x=1`, {
      method: "PATCH",
      headers: { "x-agent-id": "agent-1" },
      body,
    });
    expect(response.status).toBe(204);
    expect(seen?.method).toBe("PATCH");
    expect(seen?.url).toBe(`${server.origin}/functions/v1/gateway-proxy/github/repos/o/r?x=1`);
    expect(seen?.agent).toBe("agent-1");
    expect([...(seen?.body ?? [])]).toEqual([...body]);
  });

  it("passes status, headers and every Set-Cookie back", async () => {
    const server = await serve(async () => {
      const headers = new Headers({ "content-type": "application/json", "x-sentrail-decision": "allow" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response('{"id":1}', { status: 201, headers });
    });
    const response = await fetch(server.origin);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-sentrail-decision")).toBe("allow");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.json()).toEqual({ id: 1 });
  });

  it("streams a body as it is produced", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await serve(async () => {
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode("event: message\ndata: first\n\n"));
          await gate;
          controller.enqueue(encoder.encode("data: second\n\n"));
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    });
    const response = await fetch(server.origin);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("data: first");
    release();
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain("data: second");
  });

  it("answers 500 with the contract's envelope when the handler throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const server = await serve(
      async () => {
        throw new Error("engine bug");
      },
      undefined,
      (error) => errors.push(error),
    );
    const response = await fetch(server.origin, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ ok: false, error: "Internal server error" });
    expect(errors).toHaveLength(1);
  });

  it("refuses a body over 8 MiB with 400 Request body too large without calling the handler", async () => {
    let called = false;
    const server = await serve(async () => {
      called = true;
      return new Response("ok");
    });
    const response = await fetch(server.origin, {
      method: "POST",
      body: new Uint8Array(8 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: "Request body too large" });
    expect(called).toBe(false);
  });

  it("reports one access-log entry per request", async () => {
    const served: ServedRequest[] = [];
    const server = await serve(
      async () => new Response("ok", { status: 202 }),
      (entry) => served.push(entry),
    );
    await (await fetch(`${server.origin}/__mock/state?x=1`)).text();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(served).toEqual([
      { method: "GET", path: "/__mock/state?x=1", status: 202, durationMs: expect.any(Number) },
    ]);
  });

  it("keeps connections alive between requests", async () => {
    const ports = new Set<number>();
    const server = await serve(async () => new Response("ok"));
    const keepAliveAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let index = 0; index < 3; index += 1) {
      await new Promise<void>((resolve, reject) => {
        const request = httpRequest(server.origin, { agent: keepAliveAgent }, (response) => {
          ports.add(response.socket.localPort ?? 0);
          response.resume();
          response.on("end", resolve);
        });
        request.on("error", reject);
        request.end();
      });
    }
    expect(ports.size).toBe(1);
    keepAliveAgent.destroy();
  });

  it("closes cleanly, twice, and stops answering", async () => {
    const server = await listenFetchHandler(async () => new Response("ok"), { port: 0, host: "127.0.0.1" });
    await (await fetch(server.origin)).text();
    await server.close();
    await server.close();
    await expect(fetch(server.origin)).rejects.toThrow();
  });

  it("fails to start on a port already in use", async () => {
    const first = await serve(async () => new Response("ok"));
    const port = Number(new URL(first.origin).port);
    await expect(
      listenFetchHandler(async () => new Response("ok"), { port, host: "127.0.0.1" }),
    ).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
  });
});

/** A raw client: what it received, and a promise that settles when the server closes the socket. */
async function rawClient(
  origin: string,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(origin);
  const socket = connect(Number(port), hostname);
  let text = "";
  socket.on("data", (chunk) => {
    text += chunk.toString("latin1");
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { socket, received: () => text, closed };
}

describe("listenFetchHandler limits (a slow client never holds a connection forever)", () => {
  // Short limits injected for the test; the defaults are seconds. Each test ends only when the server
  // closes the socket, so a missing timeout fails it through vitest's own test timeout.
  const SHORT: Partial<ServerLimits> = {
    headersTimeoutMs: 150,
    requestTimeoutMs: 300,
    idleTimeoutMs: 60_000,
  };
  const serveWith = async (
    limits: Partial<ServerLimits>,
    handle: (request: Request) => Promise<Response> = async () => new Response("ok"),
  ) => {
    const server = await listenFetchHandler(handle, { port: 0, host: "127.0.0.1", limits });
    started.push(server);
    return server;
  };

  it("answers 408 and closes a connection whose headers stall halfway", async () => {
    let called = false;
    const server = await serveWith(SHORT, async () => {
      called = true;
      return new Response("ok");
    });
    const client = await rawClient(server.origin);
    client.socket.write("POST /functions/v1/evaluate-action HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(client.received()).toContain('{"ok":false,"error":"Request timeout"}');
    expect(called).toBe(false);
  });

  it("answers 408 and closes a connection whose body stalls mid-way, without an answer from the handler", async () => {
    let answered = false;
    const server = await serveWith(SHORT, async (request) => {
      await request.text();
      answered = true;
      return new Response("ok");
    });
    const client = await rawClient(server.origin);
    client.socket.write(
      'POST /functions/v1/evaluate-action HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"tool":',
    );
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(answered).toBe(false);
  });

  it("destroys a socket that connects and never sends anything", async () => {
    const server = await serveWith({
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 60_000,
      idleTimeoutMs: 150,
    });
    const client = await rawClient(server.origin);
    await client.closed;
    expect(client.socket.destroyed).toBe(true);
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const server = await serveWith({ ...SHORT, keepAliveTimeoutMs: 100 });
    const client = await rawClient(server.origin);
    client.socket.write("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("refuses headers over maxHeaderSize with 431 and closes the connection", async () => {
    const server = await serveWith({ maxHeaderSize: 1_024 });
    const client = await rawClient(server.origin);
    client.socket.write(`GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(4_096)}\r\n\r\n`);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 431 /);
  });

  it("still serves a client that is slow but finishes within the limits", async () => {
    const server = await serveWith({ headersTimeoutMs: 2_000, requestTimeoutMs: 4_000 }, async (request) =>
      Response.json(await request.json()),
    );
    const client = await rawClient(server.origin);
    client.socket.write("POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.socket.write('Connection: close\r\n\r\n{"a":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.socket.write('"bcd"}');
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(client.received()).toContain('{"a":"bcd"}');
  });

  it("refuses invalid limits", async () => {
    await expect(
      listenFetchHandler(async () => new Response(), {
        port: 0,
        host: "127.0.0.1",
        limits: { headersTimeoutMs: -1 },
      }),
    ).rejects.toThrow(RangeError);
  });
});
