import type { CallToolRequest } from "@modelcontextprotocol/sdk/types.js";
import { createCallDigest } from "@sentrail/client";

/**
 * The key under which the bridge keeps a held call's handle: `<tool name>:<createCallDigest of the tool
 * and its arguments>` (SHA-256 of canonical JSON: object keys sorted, `toJSON` honoured), the same
 * digest the guard binds into the handle. The same tool with the same arguments, in any key order, is
 * the same key; other arguments are another key, so a handle is only ever resumed for the exact call it
 * was made for (the guard checks the arguments' digest again on resume).
 *
 * Rejects with a `TypeError` when the arguments cannot be serialised (a cycle); the bridge then sends
 * the call as without held-call state.
 *
 * @example
 * ```ts
 * await toHeldCallKey({ name: "create_issue", arguments: { title: "Bug", labels: ["ci"] } });
 * // => "create_issue:5d41402a…"
 * ```
 */
export async function toHeldCallKey(
  params: Pick<CallToolRequest["params"], "name" | "arguments">,
): Promise<string> {
  const digest = await createCallDigest({ toolName: params.name, input: params.arguments ?? {} });
  return `${params.name}:${digest}`;
}
