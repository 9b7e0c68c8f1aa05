/** Prefix of the native-approval records in the guard's store: never a guard call key (`<id>:<sha256>`, `<scope>/…`, `anonymous:…`). */
const PREFIX = "sentrail-ai-sdk/native-decision/";

/**
 * The key under which native approvals keep Sentrail's decision for one tool call, in memory and in the
 * gate's store: `sentrail-ai-sdk/native-decision/<toolCallId>:<sha256 of the tool name and the input,
 * keys sorted>`. Bound to the exact arguments, so a host that reuses a tool-call id with other
 * arguments gets another key (and another evaluation): a decision never covers arguments it was not
 * made for. Its prefix keeps it apart from the guard's own call keys in a shared store.
 *
 * Resolves `null` when the input cannot be serialised (a cycle, a BigInt): nothing is kept then, and
 * `execute` asks Sentrail through the guard as without native approvals.
 *
 * @example
 * ```ts
 * await createNativeDecisionKey("refund_order", { orderId: "o_1" }, "call_1");
 * // => "sentrail-ai-sdk/native-decision/call_1:9f86d0…"
 * ```
 */
export async function createNativeDecisionKey(
  toolName: string,
  input: unknown,
  toolCallId: string,
): Promise<string | null> {
  let text: string;
  try {
    text = JSON.stringify(sortKeys([toolName, input], new Set())) ?? "";
  } catch {
    return null;
  }
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${PREFIX}${encodeURIComponent(toolCallId)}:${hex}`;
}

/**
 * A copy with object keys sorted by code unit, so key order in the model's JSON does not matter;
 * `toJSON` is honoured first (a `Date` is its ISO text), as `JSON.stringify` and the guard's call key
 * do. Throws on a cycle.
 */
function sortKeys(value: unknown, ancestors: Set<object>): unknown {
  if (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (typeof value !== "object" || value === null) return value;
  if (ancestors.has(value)) throw new TypeError("cyclic input");
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => sortKeys(item, ancestors));
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key], ancestors);
    }
    return sorted;
  } finally {
    ancestors.delete(value);
  }
}
