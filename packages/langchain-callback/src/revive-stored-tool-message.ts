import { ToolMessage } from "@langchain/core/messages";

/**
 * A `ToolMessage` again, from the JSON a guard store that keeps results as JSON made of it (such as
 * `@sentrail/guard-store-redis`, which stores `JSON.stringify(result)`: LangChain's serialised form
 * `{ lc: 1, type: "constructor", id: [..., "ToolMessage"], kwargs }`). Any other value comes back as is.
 *
 * Why: in interrupt mode a resumed thread often meets a call that another process already settled (two
 * processes resumed it at once, or a process resumed it again). The recorded result is then all there
 * is, and without this the model would read LangChain's serialised envelope as the tool's content.
 * Only `ToolMessage` is revived (by its constructor, no dynamic import); other shapes stay JSON.
 *
 * @example
 * ```ts
 * reviveStoredToolMessage(JSON.parse(JSON.stringify(new ToolMessage({ content: "ok", tool_call_id: "c1" }))));
 * // → ToolMessage { content: "ok", tool_call_id: "c1" }
 * ```
 */
export function reviveStoredToolMessage(result: unknown): unknown {
  if (typeof result !== "object" || result === null || ToolMessage.isInstance(result)) return result;
  const { lc, type, id, kwargs } = result as { lc?: unknown; type?: unknown; id?: unknown; kwargs?: unknown };
  if (lc !== 1 || type !== "constructor" || !Array.isArray(id) || id.at(-1) !== "ToolMessage") return result;
  if (typeof kwargs !== "object" || kwargs === null) return result;
  const fields = kwargs as { content?: unknown; tool_call_id?: unknown };
  if (typeof fields.tool_call_id !== "string" || fields.content === undefined) return result;
  return new ToolMessage(kwargs as ConstructorParameters<typeof ToolMessage>[0] & object);
}
