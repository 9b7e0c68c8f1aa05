const encoder = new TextEncoder();

/**
 * A `Response` whose body is a string known up front — every JSON answer of the mock. Undici wraps any
 * body it is given in a `ReadableStream` at construction and reads it back through that stream; for a
 * small JSON answer that is most of what building and sending the answer costs (~12 % of the node
 * server's CPU per evaluate-action call under load). This subclass keeps the string: `text()`,
 * `json()` and `arrayBuffer()` answer from it, and {@link TextBodyResponse.bodyText} lets the node
 * server write it without any stream. Everything else about the body (`body`, `bytes()`, `blob()`,
 * `formData()`, `clone()`) goes to an ordinary `Response` built from the same text on first use, so
 * MSW and any other consumer see a normal `Response`. A body is readable once, like undici's.
 *
 * Not for `fetch()`-internal use (`Response.clone` through undici's own state): the mock never does that.
 *
 * @example
 * const response = new TextBodyResponse('{"ok":true}', { status: 200, headers: { "content-type": "application/json" } });
 * await response.json(); // { ok: true }
 */
export class TextBodyResponse extends Response {
  #text: string;
  #consumed = false;
  #full: Response | null = null;

  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
  }

  /**
   * The body text, for a writer that sends it as is; null once the body was read or handed out as a
   * stream (the writer then reads the body the ordinary way).
   */
  get bodyText(): string | null {
    return this.#consumed || this.#full !== null ? null : this.#text;
  }

  #take(): string {
    if (this.#consumed || this.#full?.bodyUsed) {
      throw new TypeError("Body is unusable: Body has already been read");
    }
    this.#consumed = true;
    return this.#text;
  }

  #materialise(): Response {
    if (this.#full === null) {
      this.#full = new Response(this.#text, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
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
    return this.#take();
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#full) return this.#full.arrayBuffer();
    return encoder.encode(this.#take()).buffer as ArrayBuffer;
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

  override clone(): Response {
    return this.#materialise().clone();
  }
}
