import { ToolMessage } from "@langchain/core/messages";
import type { ToolMessageFields } from "./to-tool-message-fields";

/**
 * Builds the `ToolMessage` the model reads when a guarded call did not run: `status: "error"`, the
 * JSON refusal as content, the same object as `artifact`, and the Sentrail ids in
 * `response_metadata.sentrail`. The words come from {@link toToolMessageFields}; this only packs them.
 *
 * @example
 * ```ts
 * const fields = toToolMessageFields(outcome);
 * if (!fields.executed) return createRefusalToolMessage(fields, { id: "call_1", name: "delete_repo" });
 * ```
 */
export function createRefusalToolMessage(
  fields: Extract<ToolMessageFields, { executed: false }>,
  toolCall: { id?: string | undefined; name: string },
): ToolMessage {
  return new ToolMessage({
    content: fields.content,
    status: fields.status,
    tool_call_id: toolCall.id ?? "",
    name: toolCall.name,
    artifact: fields.artifact,
    response_metadata: { sentrail: fields.metadata },
  });
}
