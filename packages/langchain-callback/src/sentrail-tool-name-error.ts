import { SentrailError, type SentrailErrorCode } from "@sentrail/client";

/**
 * Thrown by {@link SentrailCallbackHandler} (before the tool starts, so the tool does not run) when it
 * cannot learn the tool's own `name`. LangChain hands a callback handler only the tool's class (e.g.
 * `DeleteRepoTool`) and a tracing run name (which `withConfig({ runName })` can set to anything),
 * never the tool's `name`; evaluating either could match the wrong policy. The handler learns the name
 * from the tool call a LangGraph `ToolNode` (or `createAgent`) dispatched to the tool; outside one, gate
 * the tool with `wrapToolWithSentrail` or `createSentrailMiddleware` instead. `code` is `"not_executed"`.
 *
 * @example
 * ```ts
 * try {
 *   await deleteRepo.invoke({ repo: "acme/app" }, { callbacks: [handler] });
 * } catch (error) {
 *   if (SentrailToolNameError.isInstance(error)) console.error(error.toolClass, error.runName);
 * }
 * ```
 */
export class SentrailToolNameError extends SentrailError {
  static override readonly errorName: string = "SentrailToolNameError";
  static override readonly defaultCode: SentrailErrorCode = "not_executed";
  /** The tool's class as LangChain serialised it (`DeleteRepoTool`, `DynamicStructuredTool`). */
  readonly toolClass: string;
  /** The tracing run name LangChain passed, if any (not the tool's name). */
  readonly runName: string | null;
  readonly toolCallId: string | null;

  constructor(details: { toolClass: string; runName: string | null; toolCallId: string | null }) {
    super(
      `Not executed: Sentrail cannot tell which tool this is (class ${details.toolClass}). A callback handler only sees the tool's class and tracing run name, never its own name; run the tool in a LangGraph ToolNode or createAgent with the handler in the run's callbacks, or gate it with wrapToolWithSentrail or createSentrailMiddleware.`,
    );
    this.toolClass = details.toolClass;
    this.runName = details.runName;
    this.toolCallId = details.toolCallId;
  }
}
