import type { Duplex } from "node:stream";

const ANSWERS: Record<string, { status: number; reason: string; error: string }> = {
  HPE_INVALID_METHOD: { status: 405, reason: "Method Not Allowed", error: "Method not allowed" },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: "Request Header Fields Too Large",
    error: "Request headers too large",
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: "Request Timeout", error: "Request timeout" },
};
const BAD_REQUEST = { status: 400, reason: "Bad Request", error: "Bad request" };

/**
 * The `node:http` server's `clientError` (and `connect`) listener: a request Node cannot hand to the
 * request listener — an unknown method (`FOO`, lowercase `get`), `CONNECT`, a malformed request line
 * or header, oversized headers, a request timeout — is answered in the contract's error shape
 * (`{ "ok": false, "error": … }`, §1.2) and the connection closed, instead of Node's empty
 * `400 Bad Request`. Statuses: unknown method 405, header overflow 431, timeout 408, anything else 400.
 *
 * Like Node's default it writes nothing when the socket is gone or an answer is already under way
 * (that client cannot be told anything coherent), and always ends the connection.
 *
 * @example
 * server.on("clientError", answerClientError);
 * server.on("connect", (_request, socket) => answerClientError({ code: "HPE_INVALID_METHOD" }, socket));
 */
export function answerClientError(error: { code?: string }, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const answer = (error.code && ANSWERS[error.code]) || BAD_REQUEST;
  const body = JSON.stringify({ ok: false, error: answer.error });
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
      "content-type: application/json\r\n" +
      "access-control-allow-origin: *\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      "connection: close\r\n\r\n" +
      body,
  );
}
