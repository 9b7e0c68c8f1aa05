import type { SentrailAdminClient } from "@sentrail/client/admin";
import type { DemoReviewer } from "./demo-reviewer";

/** Options of {@link createScriptedReviewer}. */
export interface ScriptedReviewerOptions {
  /** An admin client holding the reviewer's token (`createSentrailAdminClient`). */
  reviewer: Pick<SentrailAdminClient, "decideApproval">;
  /** How long the reviewer "reads" before deciding, so the wait is visible. */
  delayMs: number;
}

/**
 * The demo's scripted reviewer: a few seconds after a call starts waiting, it sends the decision the
 * story intends through the real approval-decision endpoint, exactly as a person would from the
 * dashboard (so Sentrail replays an approved gateway or MCP call itself).
 *
 * How it fails: a rejected decision (401, 409, network) is collected and returned by `settle()`; the
 * waiting call then runs into its own approval timeout, and the story reports the step as failed.
 *
 * @example
 * ```ts
 * const reviewer = createScriptedReviewer({ reviewer: reviewerClient, delayMs: 2500 });
 * reviewer.review({ approvalRequestId, what: "open_pull_request", intended: "approved" });
 * const failures = await reviewer.settle();
 * ```
 */
export function createScriptedReviewer(options: ScriptedReviewerOptions): DemoReviewer {
  const decisions: Array<Promise<string | null>> = [];
  const seconds = (options.delayMs / 1000).toFixed(1);
  return {
    kind: "scripted",
    review({ approvalRequestId, intended }) {
      decisions.push(
        new Promise<void>((resolve) => setTimeout(resolve, options.delayMs))
          .then(() =>
            options.reviewer.decideApproval({
              approvalRequestId,
              decision: intended,
              reason:
                intended === "approved" ? "Scripted reviewer: looks right" : "Scripted reviewer: not now",
            }),
          )
          .then(
            () => null,
            (error: unknown) =>
              `the reviewer could not decide ${approvalRequestId}: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    },
    waitingLabel({ intended }) {
      return `waiting for the reviewer (scripted: ${intended === "approved" ? "approves" : "denies"} in ${seconds} s)`;
    },
    async settle() {
      const results = await Promise.all(decisions);
      return results.filter((result): result is string => result !== null);
    },
  };
}
