/**
 * The guard call `scope` for a LangGraph thread: `thread:<id>` for a non-empty string or finite number
 * `thread_id` (LangGraph puts it in `configurable` and copies it into run metadata), `undefined`
 * otherwise. Tool-call ids are only unique within one conversation (providers and fake models number
 * them per response), so the same id on two threads must be two calls; on one thread it is the same
 * call, also after a resume.
 *
 * @example
 * ```ts
 * toThreadScope(request.runtime.configurable?.thread_id); // => "thread:support-42"
 * toThreadScope(undefined); // => undefined
 * ```
 */
export function toThreadScope(threadId: unknown): string | undefined {
  if (typeof threadId === "string" && threadId !== "") return `thread:${threadId}`;
  if (typeof threadId === "number" && Number.isFinite(threadId)) return `thread:${threadId}`;
  return undefined;
}
