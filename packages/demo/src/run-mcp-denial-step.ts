import type { McpGateConnection, McpGateProgress } from "@sentrail/mcp-gate-client";
import { createProgressIndicator, type ProgressIndicator } from "./create-progress-indicator";
import type { DemoContext } from "./demo-context";
import type { ReviewRequest } from "./demo-reviewer";
import { type DemoStepReport, startStepReport } from "./start-step-report";

const ISSUE = { title: "Rotate the staging database password" };

/**
 * Step 4, MCP: the agent calls `create_issue` through Sentrail's mcp-gate (`connectMcpGate` from
 * `@sentrail/mcp-gate-client`, an MCP SDK client). The gate holds it (`Review MCP writes`); the
 * reviewer denies it; `callTool` returns `denied` and the MCP server never sees the call.
 *
 * @example
 * ```ts
 * const report = await runMcpDenialStep(context, await connectMcpGate({ apiKey, baseUrl }));
 * report.actual; // => "denied"
 * ```
 */
export async function runMcpDenialStep(
  context: DemoContext,
  gate: McpGateConnection,
): Promise<DemoStepReport> {
  const { output, reviewer } = context;
  const step = startStepReport("call-denied");
  let progress: ProgressIndicator | undefined;
  let request: ReviewRequest | undefined;
  let heldBecause: string | undefined;
  const onProgress = (event: McpGateProgress) => {
    if (request === undefined) {
      heldBecause = event.reason;
      request = {
        approvalRequestId: event.approvalRequestId,
        what: `create_issue "${ISSUE.title}" (MCP)`,
        intended: "denied",
      };
      output.line(`     held: ${event.reason} (approval ${event.approvalRequestId})`);
      reviewer.review(request);
      progress = createProgressIndicator(output, reviewer.waitingLabel(request));
      return;
    }
    progress?.update(`${event.polls} ${event.polls === 1 ? "poll" : "polls"}`);
  };

  let outcome: Awaited<ReturnType<McpGateConnection["callTool"]>> | undefined;
  try {
    outcome = await gate.callTool(
      { name: "create_issue", arguments: ISSUE },
      { toolCallId: "call_issue_1", onProgress },
    );
  } finally {
    const seconds = ((outcome?.wait?.elapsedMs ?? 0) / 1000).toFixed(1);
    progress?.stop(`     reviewer answered after ${seconds} s (${outcome?.wait?.polls ?? 0} status polls)`);
  }

  const state = context.server.mock.control.state();
  const approval = state.approvalRequests.find((row) => row.id === outcome.approvalRequestId);
  const decided = reviewer.kind === "human" && approval?.status === "executed" ? "executed" : "denied";
  step.check(request !== undefined, "the call was held for a reviewer");
  step.check(heldBecause === "Policy 'Review MCP writes' matched", "by the policy 'Review MCP writes'");
  if (decided === "denied") {
    step.check(approval?.status === "denied", "the approval request ends denied");
    step.check(outcome.sideEffect === "not_started", "nothing ran");
    step.check(
      !state.upstreamRequests.some((row) => JSON.stringify(row.body ?? null).includes("create_issue")),
      "the MCP server never received create_issue",
    );
  }
  step.detail("approvalRequestId", outcome.approvalRequestId);
  step.evaluated(outcome.auditLogId);
  step.detail("message", outcome.message);
  return step.finish(outcome.status, decided);
}
