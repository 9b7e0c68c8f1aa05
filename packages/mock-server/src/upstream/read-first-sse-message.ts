/**
 * Reads a `text/event-stream` body until the first `data:` event that holds a JSON message accepted by
 * `accepts`, then cancels the stream (a streamable-HTTP MCP server may keep it open). Events whose data
 * is not JSON are skipped. Resolves null when the stream ends without such a message.
 *
 * Why not "the first data: line" literally (contract §11)? An MCP server may send notifications
 * (progress, logging) on the same stream before the response; the caller's `accepts` picks the
 * response to its own request id, and with an always-true `accepts` this is exactly the first message.
 *
 * Fails (rejects) only when the stream itself fails, e.g. aborted by the upstream timeout.
 *
 * @example
 * const message = await readFirstSseMessage(response.body!, (message) => message.id === 3);
 */
export async function readFirstSseMessage(
  body: ReadableStream<Uint8Array>,
  accepts: (message: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown> | null> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let dataLines: string[] = [];

  const finishEvent = (): Record<string, unknown> | null => {
    if (dataLines.length === 0) return null;
    const data = dataLines.join("\n");
    dataLines = [];
    try {
      const parsed: unknown = JSON.parse(data);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        const message = parsed as Record<string, unknown>;
        return accepts(message) ? message : null;
      }
    } catch {
      // Not JSON (a comment-like keep-alive or a partial frame): not the message we wait for.
    }
    return null;
  };

  const takeLines = (): Record<string, unknown> | null => {
    for (;;) {
      const newline = buffer.search(/\r\n|\r|\n/);
      if (newline < 0) return null;
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        const message = finishEvent();
        if (message) return message;
      } else if (line.startsWith("data:")) {
        dataLines.push(line.slice(line.startsWith("data: ") ? 6 : 5));
      }
      // `event:`, `id:`, `retry:` and `:comment` lines do not change which message we want.
    }
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        buffer += decoder.decode();
        const fromLines = takeLines();
        if (fromLines) return fromLines;
        if (buffer.startsWith("data:")) dataLines.push(buffer.slice(buffer.startsWith("data: ") ? 6 : 5));
        return finishEvent();
      }
      buffer += decoder.decode(value, { stream: true });
      const message = takeLines();
      if (message) return message;
    }
  } finally {
    // Stop the upstream from streaming into nowhere; cancel() on a finished stream is harmless.
    reader.cancel().catch(() => undefined);
  }
}
