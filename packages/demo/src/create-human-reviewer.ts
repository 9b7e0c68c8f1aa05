import type { DemoOutput } from "./create-demo-output";
import type { DemoReviewer } from "./demo-reviewer";

/** Options of {@link createHumanReviewer}. */
export interface HumanReviewerOptions {
  output: DemoOutput;
  /** The mock's API base, e.g. `http://127.0.0.1:4010/functions/v1`. */
  baseUrl: string;
  /** The shell variable that holds the reviewer's token (printed once at start as `export NAME=…`). */
  tokenVariable: string;
}

/**
 * `--interactive`: the person running the demo is the reviewer. For each held call it prints the curl
 * commands that approve or deny it through the mock's approval-decision endpoint, and the story waits
 * (with the live progress line) until one of them arrives. The commands reference the token through a
 * shell variable, so no Authorization value is printed next to them.
 *
 * How it fails: it sends nothing itself, so `settle()` always reports no failures; a call nobody decides
 * ends in the step's approval timeout.
 *
 * @example
 * ```ts
 * const reviewer = createHumanReviewer({ output, baseUrl: server.baseUrl, tokenVariable: "REVIEWER_TOKEN" });
 * ```
 */
export function createHumanReviewer(options: HumanReviewerOptions): DemoReviewer {
  const { output, baseUrl, tokenVariable } = options;
  const curl = (approvalRequestId: string, decision: string) =>
    `curl -s -X POST ${baseUrl}/approval-decision -H "Authorization: Bearer $${tokenVariable}" ` +
    `-H "content-type: application/json" -d '{"approvalRequestId":"${approvalRequestId}","decision":"${decision}"}'`;
  return {
    kind: "human",
    review({ approvalRequestId, what, intended }) {
      output.line(
        `     ${output.style.bold("You are the reviewer.")} ${what} is waiting. The story suggests: ${intended}.`,
      );
      output.line(`     approve: ${output.style.cyan(curl(approvalRequestId, "approved"))}`);
      output.line(`     deny:    ${output.style.cyan(curl(approvalRequestId, "denied"))}`);
    },
    waitingLabel() {
      return "waiting for your decision (run one of the curl commands above in another terminal)";
    },
    async settle() {
      return [];
    },
  };
}
