import type { GuardOutcomeStatus, RiskLevel } from "@sentrail/client";

/** One intercepted `tools/call`, as the decision log shows it. */
export interface InterceptedCall {
  toolName: string;
  /** The evaluate-action `action` (§6.5 for shell tools, else the tool name). */
  action: string;
  riskLevel: RiskLevel;
  /** The shell command, for shell tools; null otherwise. Not redacted: redact before printing. */
  command: string | null;
}

/**
 * What the proxy reports to `onEvent` (the `sentrail start` decision log; tests): a call held for a
 * reviewer, a call settled (forwarded or refused), and upstream trouble.
 */
export type InterceptorEvent =
  | { kind: "awaiting_approval"; call: InterceptedCall; approvalRequestId: string; reason: string }
  | {
      kind: "settled";
      call: InterceptedCall;
      /** The guard's outcome: `executed` means forwarded upstream and answered. */
      status: GuardOutcomeStatus;
      /** Whether the upstream received the call. */
      forwarded: boolean;
      reason: string;
      approvalRequestId: string | null;
      durationMs: number;
    }
  | { kind: "upstream_error"; message: string };
