import type { DemoReviewerKind } from "./parse-demo-arguments";

/** What a reviewer can answer, in the approval-decision endpoint's words. */
export type ReviewDecision = "approved" | "denied";

/** A held call, as the story shows it to its reviewer. */
export interface ReviewRequest {
  approvalRequestId: string;
  /** What is waiting, for people: `open_pull_request "Add rate limiting" (LangChain)`. */
  what: string;
  /** What the story expects the reviewer to decide. */
  intended: ReviewDecision;
}

/** Who decides the story's held calls: a script, or the person running the demo. */
export interface DemoReviewer {
  readonly kind: DemoReviewerKind;
  /** Called once when a call starts waiting. Never throws; problems surface in `settle`. */
  review(request: ReviewRequest): void;
  /** The progress line's label while a call waits for this reviewer. */
  waitingLabel(request: ReviewRequest): string;
  /** Resolves when every decision this reviewer sent has been answered; lists the ones that failed. */
  settle(): Promise<string[]>;
}
