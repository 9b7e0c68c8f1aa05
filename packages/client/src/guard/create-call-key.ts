import { canonicalJson } from "./canonical-json";
import { sha256Hex } from "./sha256-hex";

/**
 * The identity of one tool call for the guard's exactly-once registry:
 * `${toolCallId}:${sha256(canonicalJson({ tool: toolName, input }))}`. The digest binds the key to the
 * exact tool and arguments, so a host that reuses a tool-call id with other arguments gets another
 * key (and another evaluation and approval): an approval never covers arguments it was not granted for.
 *
 * Without a tool-call id there is no way to recognise a retry, so every call gets a fresh key
 * (`anonymous:<uuid>`): each run is a new call.
 *
 * Throws a `TypeError` when `input` is cyclic, or when Web Crypto is missing.
 *
 * @example
 * ```ts
 * await createCallKey({ toolName: "delete_user", input: { id: 7 }, toolCallId: "call_1" });
 * // => "call_1:5d0f…" (64 hex characters after the colon)
 * ```
 */
export async function createCallKey(call: {
  toolName: string;
  input?: unknown;
  toolCallId?: string;
}): Promise<string> {
  if (call.toolCallId === undefined || call.toolCallId === "")
    return `anonymous:${globalThis.crypto.randomUUID()}`;
  const digest = await sha256Hex(canonicalJson({ tool: call.toolName, input: call.input }));
  return `${call.toolCallId}:${digest}`;
}
