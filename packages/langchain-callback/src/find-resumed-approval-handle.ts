import { type GuardApprovalHandle, type GuardCall, isGuardApprovalHandle } from "@sentrail/client";

/**
 * Among the resume values waiting for a task, the first that carries a Sentrail approval handle for
 * exactly this call: the handle itself, or any object with it in `handle` (the whole
 * `SentrailApprovalInterrupt`). "Exactly this call" means the same tool, the same scope (thread) and
 * tool-call id, and the arguments digest the approval was asked for (the guard's call key is
 * `[scope/]toolCallId:digest`); `guard.resume` then checks the arguments against that digest.
 *
 * @example
 * ```ts
 * const handle = findResumedApprovalHandle(readPendingResumeValues(configurable) ?? [], call);
 * if (handle) await guard.resume(handle, call.input, execute);
 * ```
 */
export function findResumedApprovalHandle(
  values: readonly unknown[],
  call: GuardCall,
): GuardApprovalHandle | undefined {
  if (call.toolCallId === undefined || call.toolCallId === "") return undefined;
  const prefix = call.scope === undefined || call.scope === "" ? "" : `${encodeURIComponent(call.scope)}/`;
  for (const value of values) {
    const handle = isGuardApprovalHandle(value)
      ? value
      : typeof value === "object" &&
          value !== null &&
          isGuardApprovalHandle((value as { handle?: unknown }).handle)
        ? (value as { handle: GuardApprovalHandle }).handle
        : undefined;
    if (
      handle &&
      handle.toolName === call.toolName &&
      handle.callKey === `${prefix}${call.toolCallId}:${handle.argumentsDigest}`
    ) {
      return handle;
    }
  }
  return undefined;
}
