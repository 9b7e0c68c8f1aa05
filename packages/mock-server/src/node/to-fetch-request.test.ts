import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { toFetchRequest } from "./to-fetch-request.js";

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

/** Sends one request over loopback and resolves with the `Request` toFetchRequest made of it. */
async function received(method: string, body: Uint8Array | null): Promise<Request> {
  let resolveRequest: (request: Request) => void = () => undefined;
  const made = new Promise<Request>((resolve) => {
    resolveRequest = resolve;
  });
  const server = createServer(async (incoming: IncomingMessage, outgoing) => {
    resolveRequest(await toFetchRequest(incoming, "http://127.0.0.1:4010"));
    outgoing.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const outgoing = httpRequest({ host: "127.0.0.1", port, method, path: "/functions/v1/x?y=1" }, (answer) =>
    answer.resume(),
  );
  outgoing.end(body ?? undefined);
  return made;
}

describe("toFetchRequest", () => {
  it("gives the exact body bytes to text(), json() and arrayBuffer()", async () => {
    const json = JSON.stringify({ title: "é ✓", n: 1 });
    const bytes = new TextEncoder().encode(json);
    expect(await (await received("POST", bytes)).text()).toBe(json);
    expect(await (await received("POST", bytes)).json()).toEqual({ title: "é ✓", n: 1 });
    const raw = new Uint8Array([0x7b, 0xff, 0x00, 0x7d]);
    expect([...new Uint8Array(await (await received("PUT", raw)).arrayBuffer())]).toEqual([...raw]);
  });

  it("lets a body be read only once, like any Request", async () => {
    const request = await received("POST", new TextEncoder().encode("{}"));
    expect(request.bodyUsed).toBe(false);
    await request.text();
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    await expect(request.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => request.clone()).toThrow(TypeError);
  });

  it("still offers the body as a stream and as a clone", async () => {
    const streamed = await received("POST", new TextEncoder().encode("abc"));
    expect(await new Response(streamed.body).text()).toBe("abc");
    expect(streamed.bodyUsed).toBe(true);
    const original = await received("PATCH", new TextEncoder().encode("xyz"));
    const copy = original.clone();
    expect(await copy.text()).toBe("xyz");
    expect(await original.text()).toBe("xyz");
    expect(original.method).toBe("PATCH");
    expect(original.url).toBe("http://127.0.0.1:4010/functions/v1/x?y=1");
  });

  it("has no body for GET and for an empty POST", async () => {
    expect((await received("GET", null)).body).toBeNull();
    expect(await (await received("POST", null)).text()).toBe("");
  });
});
