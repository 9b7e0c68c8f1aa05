import type { IncomingMessage } from "node:http";

/** Largest request body the adapter reads; anything larger is refused before the engine sees it. */
export const MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024;

/** Thrown by {@link toFetchRequest} when the body exceeds {@link MAX_REQUEST_BODY_BYTES}. */
export class RequestBodyTooLargeError extends Error {
  override readonly name = "RequestBodyTooLargeError";
}

/**
 * Converts a `node:http` request into a WHATWG `Request` carrying the raw body bytes unchanged
 * (webhook signatures are computed over them).
 *
 * No abort signal is attached: the engine never reads one (an evaluation that has started completes and
 * is audited, as on the real service), and following a signal roughly doubles what undici spends
 * building each `Request`, which the HTTP throughput target pays for on every call.
 *
 * The URL's origin is `origin` (the server's own), not the `Host` header: the engine builds nothing
 * from it, and a spoofed header must not change how a request is routed.
 *
 * Fails with {@link RequestBodyTooLargeError} past {@link MAX_REQUEST_BODY_BYTES} (the engine's own
 * 1 MiB gateway limit answers the contract's 400 below that), and with the stream's error when the
 * client aborts mid-body.
 *
 * @example
 * const request = await toFetchRequest(incoming, "http://127.0.0.1:4010");
 */
export async function toFetchRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const method = (incoming.method ?? "GET").toUpperCase();
  // Name/value pairs, not a `Headers`: the Request copies its init once instead of twice.
  const headers: Array<[string, string]> = [];
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] ?? "";
    // HTTP/2 pseudo-headers and hop-by-hop framing are the transport's business, not the engine's.
    if (name.startsWith(":") || name.toLowerCase() === "transfer-encoding") continue;
    headers.push([name, raw[index + 1] ?? ""]);
  }
  const target = incoming.url ?? "/";
  // Origin-form (`/path?query`) is what clients send; absolute-form and `*` are rebased on our origin.
  const url = target.startsWith("/") ? `${origin}${target}` : rebase(target, origin);
  if (method === "GET" || method === "HEAD") {
    return new Request(url, { method, headers });
  }
  const body = await readBody(incoming);
  if (body.length === 0) return new Request(url, { method, headers });
  return new BufferedBodyRequest(url, { method, headers }, body);
}

const decoder = new TextDecoder();

/**
 * A `Request` whose body bytes are already in memory. Undici builds a `ReadableStream` for every body
 * it is given and reads it back through that stream (together ~10 % of the server's CPU per
 * evaluate-action call under load), so `text()`, `json()` and `arrayBuffer()` — what the router
 * reads — answer from the bytes directly. Everything else about the body (`body`, `bodyUsed` once a
 * stream was asked for, `bytes()`, `blob()`, `formData()`, `clone()`) goes to an ordinary `Request`
 * built from the same bytes on first use, so the object still behaves as a `Request` whatever a
 * handler does with it. A body is readable once: a second read throws `TypeError`, like undici.
 *
 * The one thing it cannot do is be handed to `fetch()` or `new Request(request)`: those read undici's
 * internal state, which holds no body. The router does neither (upstream calls are built afresh).
 */
class BufferedBodyRequest extends Request {
  #bytes: Uint8Array<ArrayBuffer>;
  #consumed = false;
  #full: Request | null = null;

  constructor(
    url: string,
    init: { method: string; headers: Array<[string, string]> },
    bytes: Uint8Array<ArrayBuffer>,
  ) {
    super(url, init);
    this.#bytes = bytes;
  }

  #take(): Uint8Array<ArrayBuffer> {
    if (this.#consumed || this.#full?.bodyUsed)
      throw new TypeError("Body is unusable: Body has already been read");
    this.#consumed = true;
    const bytes = this.#bytes;
    // Read once: let the bytes go with the reader (an 8 MiB webhook is not kept twice).
    this.#bytes = new Uint8Array(0);
    return bytes;
  }

  #materialise(): Request {
    if (this.#full === null) {
      this.#full = new Request(this.url, { method: this.method, headers: this.headers, body: this.#bytes });
      if (this.#consumed) void this.#full.arrayBuffer().catch(() => undefined);
    }
    return this.#full;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#materialise().body as ReadableStream<Uint8Array<ArrayBuffer>> | null;
  }

  override get bodyUsed(): boolean {
    return this.#consumed || (this.#full?.bodyUsed ?? false);
  }

  override async text(): Promise<string> {
    if (this.#full) return this.#full.text();
    return decoder.decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#full) return this.#full.arrayBuffer();
    const bytes = this.#take();
    // `readBody` made these bytes a fresh, exactly sized buffer nobody else holds: no copy needed.
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#materialise().bytes();
  }

  override blob(): Promise<Blob> {
    return this.#materialise().blob();
  }

  override formData(): Promise<FormData> {
    return this.#materialise().formData();
  }

  override clone(): Request {
    return this.#materialise().clone();
  }
}

function rebase(target: string, origin: string): string {
  const parsed = new URL(target, origin);
  return `${origin}${parsed.pathname}${parsed.search}`;
}

async function readBody(incoming: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(incoming.headers["content-length"] ?? Number.NaN);
  if (declared > MAX_REQUEST_BODY_BYTES) throw new RequestBodyTooLargeError("Request body too large");
  // A declared length within the limit is what every SDK and agent sends: Node's parser delivers
  // exactly that many bytes, so the limit cannot be crossed and plain events suffice. (The stream's
  // async iterator costs ~4 % of the server's CPU per evaluate-action call under load.) A body of
  // unknown length (chunked) is read through the iterator below, which counts against the limit.
  if (declared >= 0) return readDeclaredBody(incoming);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_REQUEST_BODY_BYTES) throw new RequestBodyTooLargeError("Request body too large");
    chunks.push(buffer);
  }
  const joined = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  // A Buffer may view a pooled (shared) slab; copy into a plain ArrayBuffer the Request can own.
  return new Uint8Array(joined);
}

/**
 * Reads a body whose `Content-Length` is within the limit, with `data`/`end` events. Rejects with the
 * stream's error, or a premature-close error, when the client goes away mid-body (as the iterator does).
 */
function readDeclaredBody(incoming: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
    };
    // The `error` listener stays: an error after the body settled must not become an uncaught one.
    const cleanup = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("close", onClose);
    };
    const onEnd = () => {
      cleanup();
      const joined = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      // A Buffer may view a pooled (shared) slab; copy into a plain ArrayBuffer the Request can own.
      resolve(new Uint8Array(joined));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      // `close` before `end`: the body never completed.
      cleanup();
      reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
  });
}
