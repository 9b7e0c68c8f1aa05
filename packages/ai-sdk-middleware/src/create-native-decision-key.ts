import { createCallDigest } from "@sentrail/client";

/** Prefix of the native-approval records in the guard's store: never a guard call key (`<id>:<sha256>`, `<scope>/…`, `anonymous:…`). */
const PREFIX = "sentrail-ai-sdk/native-decision/";

/**
 * The key under which native approvals keep Sentrail's decision for one tool call, in memory and in the
 * gate's store: `sentrail-ai-sdk/native-decision/<toolCallId>:<createCallDigest of the tool name and the
 * input>`. Bound to the exact arguments, so a host that reuses a tool-call id with other
 * arguments gets another key (and another evaluation): a decision never covers arguments it was not
 * made for. Its prefix keeps it apart from the guard's own call keys in a shared store.
 *
 * Resolves `null` when the input cannot be serialised (a cycle): nothing is kept then, and
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
  let digest: string;
  try {
    digest = await createCallDigest({ toolName, input });
  } catch {
    return null;
  }
  return `${PREFIX}${encodeURIComponent(toolCallId)}:${digest}`;
}
