import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { answerClientError } from "./answer-client-error.js";

function answer(error: { code?: string }, inFlight?: { headersSent: boolean }): string | null {
  const socket = new PassThrough();
  if (inFlight) Object.assign(socket, { _httpMessage: inFlight });
  let written = "";
  socket.on("data", (chunk: Buffer) => {
    written += chunk.toString("utf8");
  });
  answerClientError(error, socket);
  socket.read();
  return socket.destroyed && written === "" ? null : written;
}

describe("answerClientError", () => {
  it("answers an unparsable method with the contract's 405 JSON and closes", () => {
    const reply = answer({ code: "HPE_INVALID_METHOD" }) ?? "";
    expect(reply).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(reply).toContain("connection: close\r\n");
    expect(reply.split("\r\n\r\n")[1]).toBe('{"ok":false,"error":"Method not allowed"}');
  });

  it("maps header overflow to 431, a timeout to 408 and anything else to 400, always as JSON", () => {
    expect(answer({ code: "HPE_HEADER_OVERFLOW" })).toMatch(/^HTTP\/1\.1 431 .*"Request headers too large"/s);
    expect(answer({ code: "ERR_HTTP_REQUEST_TIMEOUT" })).toMatch(/^HTTP\/1\.1 408 .*"Request timeout"/s);
    expect(answer({ code: "HPE_INVALID_HEADER_TOKEN" })).toMatch(/^HTTP\/1\.1 400 .*"Bad request"/s);
    expect(answer({})).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("writes nothing over an answer already under way, or to a reset connection", () => {
    expect(answer({ code: "HPE_INVALID_METHOD" }, { headersSent: true })).toBeNull();
    expect(answer({ code: "ECONNRESET" })).toBeNull();
  });
});
