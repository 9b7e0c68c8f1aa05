import { canonicalJson } from "./canonical-json";
import { sha256Hex } from "./sha256-hex";

/**
 * The identity of one tool call for the guard's exactly-once registry:
 * `${toolCallId}:${sha256(canonicalJson({ tool: toolName, input }))}`, prefixed with
 * `${encodeURIComponent(scope)}/` when the call has a `scope` (the same tool-call id on two threads is
 * two calls). The digest binds the key to the
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
  scope?: string;
}): Promise<string> {
  if (call.toolCallId === undefined || call.toolCallId === "")
    return `anonymous:${globalThis.crypto.randomUUID()}`;
  const digest = await createCallDigest(call);
  const key = `${call.toolCallId}:${digest}`;
  return call.scope === undefined || call.scope === "" ? key : `${encodeURIComponent(call.scope)}/${key}`;
}

/**
 * The digest part of a call key: SHA-256 (lowercase hex) of the canonical tool name and input (object
 * keys sorted, `toJSON` honoured). Equal digests mean the same tool with the same arguments, whatever the
 * key order. Adapters that keep their own per-call records (native approvals, a bridge's held calls)
 * key them with it, so they agree with the guard's call keys and resume handles. Rejects with a
 * `TypeError` for a cyclic `input`.
 *
 * @example
 * ```ts
 * await createCallDigest({ toolName: "delete_user", input: { id: 7 } }); // => 64 hex characters
 * ```
 */
export async function createCallDigest(call: { toolName: string; input?: unknown }): Promise<string> {
  return sha256Hex(canonicalJson({ tool: call.toolName, input: call.input }));
}
