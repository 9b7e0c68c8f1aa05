import { describe, expect, it } from "vitest";
import { readFirstSseMessage } from "./read-first-sse-message.js";

function streamOf(chunks: string[], keepOpen = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpen) controller.close();
    },
  });
}

describe("readFirstSseMessage", () => {
  it("returns the first accepted JSON message, skipping notifications, comments and non-JSON data", async () => {
    const message = await readFirstSseMessage(
      streamOf([
        ": keep-alive\n\n",
        "event: message\ndata: not json\n\n",
        'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress"}\n\n',
        'event: message\nid: 7\ndata: {"jsonrpc":"2.0","id":3,"result":{}}\n\n',
      ]),
      (candidate) => candidate.id === 3,
    );
    expect(message).toEqual({ jsonrpc: "2.0", id: 3, result: {} });
  });

  it("reassembles events split across chunks and CRLF line ends, and multi-line data", async () => {
    const message = await readFirstSseMessage(
      streamOf(['data: {"jsonrpc":"2.0",\r\n', 'data: "id":1,"res', 'ult":{"ok":true}}\r\n\r\n']),
      () => true,
    );
    expect(message).toEqual({ jsonrpc: "2.0", id: 1, result: { ok: true } });
  });

  it("does not wait for the end of a stream the server keeps open", async () => {
    const message = await readFirstSseMessage(streamOf(['data: {"id":1,"result":{}}\n\n'], true), () => true);
    expect(message).toEqual({ id: 1, result: {} });
  });

  it("takes a last event without its blank line, and resolves null when nothing matches", async () => {
    expect(await readFirstSseMessage(streamOf(['data: {"id":2}']), () => true)).toEqual({ id: 2 });
    expect(
      await readFirstSseMessage(streamOf(['data: {"id":2}\n\n']), (candidate) => candidate.id === 9),
    ).toBeNull();
  });
});
