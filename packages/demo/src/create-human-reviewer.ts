import type { DemoOutput } from "./create-demo-output";
import type { DemoReviewer } from "./demo-reviewer";

/** Options of {@link createHumanReviewer}. */
export interface HumanReviewerOptions {
  output: DemoOutput;
  /** The mock's API base, e.g. `http://127.0.0.1:4010/functions/v1`. */
  baseUrl: string;
  /** The shell variable that holds the reviewer's token (printed once at start as `export NAME=…`). */
  tokenVariable: string;
  /** The mock's reviewer page (`server.reviewerUrl`), or null when the mock has none (not built). */
  reviewerUrl: string | null;
}

/**
 * `--interactive`: the person running the demo is the reviewer. For each held call it points at the
 * mock's reviewer page (where the call appears live, to approve or deny in the browser) and prints the
 * curl commands that do the same through the approval-decision endpoint; the story waits (with the
 * live progress line) until a decision arrives. The commands reference the token through a shell
 * variable, so no Authorization value is printed next to them.
 *
 * How it fails: it sends nothing itself, so `settle()` always reports no failures; a call nobody decides
 * ends in the step's approval timeout.
 *
 * @example
 * ```ts
 * const reviewer = createHumanReviewer({
 *   output,
 *   baseUrl: server.baseUrl,
 *   tokenVariable: "REVIEWER_TOKEN",
 *   reviewerUrl: server.reviewerUrl,
 * });
 * ```
 */
export function createHumanReviewer(options: HumanReviewerOptions): DemoReviewer {
  const { output, baseUrl, tokenVariable, reviewerUrl } = options;
  const curl = (approvalRequestId: string, decision: string) =>
    `curl -s -X POST ${baseUrl}/approval-decision -H "Authorization: Bearer $${tokenVariable}" ` +
    `-H "content-type: application/json" -d '{"approvalRequestId":"${approvalRequestId}","decision":"${decision}"}'`;
  return {
    kind: "human",
    review({ approvalRequestId, what, intended }) {
      output.line(
        `     ${output.style.bold("You are the reviewer.")} ${what} is waiting. The story suggests: ${intended}.`,
      );
      if (reviewerUrl) {
        output.line(
          `     Decide in the reviewer page: ${output.style.cyan(reviewerUrl)} (signed in as reviewer@example.com), or with curl:`,
        );
      }
      output.line(`     approve: ${output.style.cyan(curl(approvalRequestId, "approved"))}`);
      output.line(`     deny:    ${output.style.cyan(curl(approvalRequestId, "denied"))}`);
    },
    waitingLabel() {
      return reviewerUrl
        ? "waiting for your decision (in the reviewer page, or with one of the curl commands above)"
        : "waiting for your decision (run one of the curl commands above in another terminal)";
    },
    async settle() {
      return [];
    },
  };
}
