/**
 * The resume values that the next `interrupt()` calls of the running LangGraph task will return, in
 * order, without consuming any (calling `interrupt()` to look would use up a position, and a call that
 * finds no value throws). `undefined` when LangGraph's task scratchpad is not visible.
 *
 * LangGraph gives no public way to look at pending resume values, so this reads the task's scratchpad
 * (`configurable.__pregel_scratchpad`, the same object LangChain's `ToolNode` reads `currentTaskInput`
 * from): `resume` holds the values already matched to this task's interrupts by position, `nullResume`
 * the value of a `Command({ resume })` not yet claimed, `interruptCounter` the position of the last
 * `interrupt()` call in this run of the task. If a LangGraph release changes that shape, this returns
 * `undefined` and the middleware falls back to what the guard store knows (see the README).
 *
 * @example
 * ```ts
 * const values = readPendingResumeValues(request.runtime.configurable); // e.g. [{ type: "sentrail_approval", … }]
 * ```
 */
export function readPendingResumeValues(configurable: unknown): unknown[] | undefined {
  if (typeof configurable !== "object" || configurable === null) return undefined;
  const scratchpad = (configurable as { __pregel_scratchpad?: unknown }).__pregel_scratchpad;
  if (typeof scratchpad !== "object" || scratchpad === null) return undefined;
  const { resume, nullResume, interruptCounter } = scratchpad as {
    resume?: unknown;
    nullResume?: unknown;
    interruptCounter?: unknown;
  };
  if (!Array.isArray(resume) || typeof interruptCounter !== "number") return undefined;
  const next = interruptCounter + 1;
  const values = resume.slice(next);
  // LangGraph hands the unclaimed value to the first interrupt() past the matched ones.
  if (nullResume !== undefined && next <= resume.length) values.push(nullResume);
  return values;
}
