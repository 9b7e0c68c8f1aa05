import { type GuardOutcome, SentrailError, type SentrailErrorCode } from "@sentrail/client";

/**
 * Thrown by {@link SentrailCallbackHandler} when a tool call with the same tool-call id and the same
 * arguments already ran (or is running) under this guard. A callback cannot hand back the earlier
 * result, so it refuses to start the tool a second time instead. `outcome` is the earlier run's
 * outcome (with its `result`); `code` is `"not_executed"`.
 *
 * The agent middleware and the tool wrapper never throw this: they return the recorded result.
 *
 * @example
 * ```ts
 * try {
 *   await tool.invoke(toolCall, { callbacks: [handler] });
 * } catch (error) {
 *   if (SentrailDuplicateCallError.isInstance(error)) return error.outcome.result; // ran once already
 *   throw error;
 * }
 * ```
 */
export class SentrailDuplicateCallError extends SentrailError {
  static override readonly errorName: string = "SentrailDuplicateCallError";
  static override readonly defaultCode: SentrailErrorCode = "not_executed";
  readonly outcome: Extract<GuardOutcome, { status: "executed" }>;

  constructor(outcome: Extract<GuardOutcome, { status: "executed" }>) {
    const options: { correlationId?: string } = {};
    if (outcome.correlationId !== null) options.correlationId = outcome.correlationId;
    super(
      `Not executed again: the tool call ${outcome.toolName} with these arguments already ran once. Do not retry.`,
      options,
    );
    this.outcome = outcome;
  }
}
