/**
 * A JSON-RPC error the proxy answers to its MCP client with exactly this `code`, `message` and
 * `data`: the MCP SDK's server sends a thrown error's own `code` and `message` (an SDK `McpError`
 * would prefix the message with `MCP error <code>: `, so the proxy never throws one).
 *
 * @example
 * throw new JsonRpcError(-32001, "Sentrail unreachable; failing closed", { reason: "timeout" });
 */
export class JsonRpcError extends Error {
  override readonly name = "JsonRpcError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}
