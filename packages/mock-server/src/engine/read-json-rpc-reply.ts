/**
 * Reads an upstream MCP answer body as one JSON-RPC message: plain JSON, or (tolerated) an SSE body
 * whose first `data:` event holds it. Null when it is neither.
 *
 * @example
 * readJsonRpcReply('{"jsonrpc":"2.0","id":1,"result":{}}');       // { jsonrpc: "2.0", id: 1, result: {} }
 * readJsonRpcReply('event: message\ndata: {"jsonrpc":"2.0"}\n\n'); // { jsonrpc: "2.0" }
 */
export function readJsonRpcReply(text: string): Record<string, unknown> | null {
  const trimmed = text.trimStart();
  let json = trimmed;
  if (!trimmed.startsWith("{")) {
    const data = trimmed
      .split(/\r?\n\r?\n/)
      .map((event) =>
        event
          .split(/\r?\n/)
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, ""))
          .join("\n"),
      )
      .find((eventData) => eventData.length > 0);
    if (data === undefined) return null;
    json = data;
  }
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
