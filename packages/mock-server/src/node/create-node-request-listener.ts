import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { redactSecrets } from "../engine/redact-secrets.js";
import { RequestBodyTooLargeError, toFetchRequest } from "./to-fetch-request.js";
import { writeFetchResponse } from "./write-fetch-response.js";

/** Methods Node parses but a WHATWG `Request` refuses (CONNECT never reaches a request listener). */
const FETCH_FORBIDDEN_METHODS = new Set(["TRACE", "TRACK"]);

/** One served request, as {@link NodeRequestListenerOptions.onRequest} reports it. */
export interface ServedRequest {
  method: string;
  /** Path and query as the client sent them, with secrets redacted (`?api_key=[redacted]`). */
  path: string;
  status: number;
  durationMs: number;
}

/** Options for {@link createNodeRequestListener}. */
export interface NodeRequestListenerOptions {
  /** The server's own origin (`http://127.0.0.1:4010`), read per request because port 0 is known late. */
  origin: () => string;
  /** Called once per answered request (access log). */
  onRequest?: (served: ServedRequest) => void;
  /** Called when the handler throws; the client then gets a 500. Default: `console.error`, redacted. */
  onError?: (error: unknown) => void;
}

/**
 * Adapts a fetch-style handler (`(request: Request) => Promise<Response>`, the engine's `handle`) to a
 * `node:http` request listener. The raw body reaches the handler byte for byte; the answer is streamed back.
 *
 * How it fails: a body over 8 MiB gets `400 { "ok": false, "error": "Request body too large" }` (the
 * contract's message) without reaching the handler; a handler that throws gets
 * `500 { "ok": false, "error": "Internal server error" }` and is reported to `onError`; a
 * `Response.error()` (the mock's `networkError` fault) drops the connection without an answer; `TRACE`
 * and `TRACK`, which a `Request` cannot carry, get `405 { "ok": false, "error": "Method not allowed" }`. A client
 * that disconnects does not stop the handler (the engine finishes and audits what it started).
 *
 * @example
 * const server = createServer(createNodeRequestListener((request) => mock.handle(request), {
 *   origin: () => "http://127.0.0.1:4010",
 * }));
 */
export function createNodeRequestListener(
  handle: (request: Request) => Promise<Response>,
  options: NodeRequestListenerOptions,
): RequestListener {
  const reportError =
    options.onError ??
    ((error: unknown) =>
      console.error(redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))));

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<number> {
    let request: Request;
    if (FETCH_FORBIDDEN_METHODS.has((incoming.method ?? "").toUpperCase())) {
      // `Request` cannot carry TRACE or TRACK: answer the contract's 405 instead of nothing.
      outgoing.setHeader("connection", "close");
      return sendJson(outgoing, 405, { ok: false, error: "Method not allowed" });
    }
    try {
      request = await toFetchRequest(incoming, options.origin());
    } catch (error) {
      if (error instanceof RequestBodyTooLargeError) {
        // The rest of the body is never read: close the connection instead of draining it.
        outgoing.setHeader("connection", "close");
        return sendJson(outgoing, 400, { ok: false, error: "Request body too large" });
      }
      // (`destroyed` alone is also true after a body was read to its end: that client still waits.)
      if (incoming.readableAborted || outgoing.destroyed) {
        // The client went away mid-body: nobody is left to answer.
        outgoing.destroy();
        return 499;
      }
      // A request target `Request` refuses (an unparsable URL): the client's fault, not the mock's.
      return sendJson(outgoing, 400, { ok: false, error: "Invalid request" });
    }
    let response: Response;
    try {
      response = await handle(request);
    } catch (error) {
      reportError(error);
      return sendJson(outgoing, 500, { ok: false, error: "Internal server error" });
    }
    if (response.type === "error") {
      // `Response.error()`: the mock's `networkError` fault. Over HTTP that means no answer at all.
      outgoing.destroy();
      return 0;
    }
    await writeFetchResponse(response, outgoing, request.method);
    return response.status;
  }

  return (incoming, outgoing) => {
    const started = performance.now();
    serve(incoming, outgoing).then(
      (status) => {
        options.onRequest?.({
          method: incoming.method ?? "GET",
          // Query strings carry keys and tokens (`?api_key=agk_…`): never hand them to a log raw.
          path: redactSecrets(incoming.url ?? "/"),
          status,
          durationMs: performance.now() - started,
        });
      },
      (error: unknown) => {
        // Only a failing response stream lands here; the socket is already destroyed.
        reportError(error);
      },
    );
  };
}

function sendJson(outgoing: ServerResponse, status: number, body: unknown): number {
  if (outgoing.headersSent) {
    outgoing.destroy();
    return status;
  }
  const text = JSON.stringify(body);
  outgoing.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  outgoing.end(text);
  return status;
}
