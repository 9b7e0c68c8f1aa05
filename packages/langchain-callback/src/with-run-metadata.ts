import type { SentrailRunMetadata } from "./to-sentrail-run-metadata";

/** The part of a LangChain tool (or any runnable) the middleware hands to the next handler. */
interface Invokable {
  invoke(input: unknown, config?: unknown): Promise<unknown>;
}

/**
 * Returns the tool as the next `wrapToolCall` handler should run it: the same tool (same prototype,
 * name, schema, everything), whose `invoke` adds Sentrail's ids to the run config's `metadata`. The
 * tool's run is started by that `invoke`, after Sentrail decided, so its `handleToolStart` callbacks
 * (and LangSmith's run) carry them. A tool's or caller's own metadata keys win over ours on a clash.
 * Without metadata (no decision arrived) the tool is returned as is.
 *
 * @example
 * ```ts
 * return handler({ ...request, tool: withRunMetadata(request.tool, { sentrail_correlation_id: id, ... }) });
 * ```
 */
export function withRunMetadata<TTool extends object>(
  tool: TTool,
  metadata: SentrailRunMetadata | undefined,
): TTool {
  if (metadata === undefined || typeof (tool as Partial<Invokable>).invoke !== "function") return tool;
  const original = tool as TTool & Invokable;
  return Object.create(original, {
    invoke: {
      value: (input: unknown, config?: { metadata?: Record<string, unknown> }) =>
        original.invoke(input, { ...config, metadata: { ...metadata, ...config?.metadata } }),
      enumerable: false,
      writable: true,
      configurable: true,
    },
  }) as TTool;
}
