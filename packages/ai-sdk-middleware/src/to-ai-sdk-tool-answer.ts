import {
  type EvaluateActionResult,
  type GuardOutcome,
  type GuardToolResult,
  SentrailGuardError,
  toGuardToolResult,
} from "@sentrail/client";

/** What a gated tool does with a call that did not run: return a result the model reads (default), or throw. */
export type SentrailNotExecutedMode = "result" | "throw";

/**
 * What the model reads when a gated call did not run (or may have started and failed): the guard's
 * model-facing object, `executed: false` with `status`, `sideEffect`, `retrySafe`, `reason`, `message`
 * and, for approvals, the Sentrail ids.
 */
export type SentrailToolNotExecuted = Extract<GuardToolResult, { executed: false }>;

/** The AI SDK's tool-approval status (v7 `toolApproval`), as far as Sentrail uses it. */
export type SentrailApprovalStatus = { type: "user-approval"; reason?: string } | undefined;

/** The two moments the AI SDK asks the adapter something, each with Sentrail's answer. */
export type AiSdkToolQuestion =
  | {
      /** Before execution (v6 `needsApproval`, v7 `toolApproval`): does this call need a person's approval? */
      stage: "approval";
      /** Sentrail's decision for the call; `null` when there is none (unavailable, or already settled). */
      evaluation: EvaluateActionResult | null;
    }
  | {
      /** In `execute`: what the tool hands back to the loop. */
      stage: "execute";
      outcome: GuardOutcome;
      notExecuted: SentrailNotExecutedMode;
    };

/** The adapter's answer, in the AI SDK's vocabulary. */
export type AiSdkToolAnswer =
  | { stage: "approval"; needsApproval: boolean; status: SentrailApprovalStatus }
  | { stage: "execute"; kind: "return"; value: unknown }
  | { stage: "execute"; kind: "throw"; error: unknown };

const notExecutedResults = new WeakSet<object>();

/**
 * The one place where Sentrail's words become the AI SDK's. Covered by a table test.
 *
 * Approval stage: `require_approval` → the SDK's own approval request (`needsApproval: true`, v7 status
 * `{ type: "user-approval", reason }` whose reason carries Sentrail's reason and approval id). `allow`,
 * `block` and no decision → no approval request: `execute` runs and answers from the guard's outcome,
 * so a blocked call reaches the model as a result it can read, not as a denied approval.
 *
 * Execute stage: `executed` → the tool's own result. `aborted` → the abort reason is thrown (the
 * caller cancelled the loop; no model reads it). `failed` because the tool itself threw → the tool's
 * own error is rethrown (the SDK's usual `tool-error`, as without Sentrail). Every other status (and a
 * failed Sentrail replay) → with `notExecuted: "result"`,
 * the guard's model-facing object ({@link SentrailToolNotExecuted}); with `"throw"`, a
 * `SentrailGuardError` carrying the outcome (the SDK turns it into a `tool-error` part).
 *
 * @example
 * ```ts
 * const answer = toAiSdkToolAnswer({ stage: "execute", outcome, notExecuted: "result" });
 * if (answer.stage === "execute" && answer.kind === "throw") throw answer.error;
 * ```
 */
export function toAiSdkToolAnswer(question: AiSdkToolQuestion): AiSdkToolAnswer {
  if (question.stage === "approval") {
    const { evaluation } = question;
    if (evaluation?.decision !== "require_approval") {
      return { stage: "approval", needsApproval: false, status: undefined };
    }
    const reason = `${evaluation.reason || "Sentrail requires approval"} (Sentrail approval ${evaluation.approvalRequestId})`;
    return { stage: "approval", needsApproval: true, status: { type: "user-approval", reason } };
  }
  const { outcome } = question;
  switch (outcome.status) {
    case "executed":
      return { stage: "execute", kind: "return", value: outcome.result };
    case "aborted":
      return { stage: "execute", kind: "throw", error: outcome.error ?? new SentrailGuardError(outcome) };
    case "failed":
      // The tool itself threw: the loop sees the tool's own error, exactly as without Sentrail.
      if (outcome.via === "guard" && outcome.error != null) {
        return { stage: "execute", kind: "throw", error: outcome.error };
      }
      return notExecuted(question.notExecuted, outcome);
    default:
      return notExecuted(question.notExecuted, outcome);
  }
}

function notExecuted(
  mode: SentrailNotExecutedMode,
  outcome: Exclude<GuardOutcome, { status: "executed" }>,
): AiSdkToolAnswer {
  if (mode === "throw") return { stage: "execute", kind: "throw", error: new SentrailGuardError(outcome) };
  const value = toGuardToolResult(outcome) as SentrailToolNotExecuted;
  notExecutedResults.add(value);
  return { stage: "execute", kind: "return", value };
}

/**
 * Whether a tool output is Sentrail's "did not run" result rather than the tool's own. Use it in
 * `onStepFinish`, UIs or your own `toModelOutput`: a gated tool keeps its declared output type, but a
 * call Sentrail stopped returns a {@link SentrailToolNotExecuted} instead.
 *
 * Recognises the object by identity first (same process), then by shape (`executed: false` with a
 * `status`, `retrySafe` and `message`), so it also works on outputs that went through JSON.
 *
 * @example
 * ```ts
 * for (const part of result.toolResults) {
 *   if (isSentrailToolNotExecuted(part.output)) console.log(part.output.message);
 * }
 * ```
 */
export function isSentrailToolNotExecuted(value: unknown): value is SentrailToolNotExecuted {
  if (typeof value !== "object" || value === null) return false;
  if (notExecutedResults.has(value)) return true;
  const record = value as Record<string, unknown>;
  return (
    record.executed === false &&
    typeof record.status === "string" &&
    typeof record.retrySafe === "boolean" &&
    typeof record.message === "string"
  );
}
