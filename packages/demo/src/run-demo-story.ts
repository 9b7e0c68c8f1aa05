import { connectMcpGate, type McpGateConnection } from "@sentrail/mcp-gate-client";
import { createAiSdkAgent } from "./create-ai-sdk-agent";
import type { DemoContext } from "./demo-context";
import { printStepHeading, printStepReport } from "./print-step-report";
import { type AuditTableRow, toAuditTableRow } from "./render-audit-table";
import { runReadAllowedStep, runWriteBlockedStep } from "./run-ai-sdk-steps";
import { runKillSwitchStep } from "./run-kill-switch-step";
import { runMcpDenialStep } from "./run-mcp-denial-step";
import { runPullRequestStep } from "./run-pull-request-step";
import { type DemoStepReport, startStepReport } from "./start-step-report";
import { type DemoStepId, STORY_ORDER, STORY_STEPS } from "./story-steps";
import { verifyAuditTrail } from "./verify-audit-trail";

/** The story's result: every step's report, the first failure, and the audit log at the end. */
export interface DemoStoryResult {
  ok: boolean;
  steps: DemoStepReport[];
  /** The first step that did not happen as expected, and why; `null` when the story happened. */
  failure: { step: DemoStepId; message: string } | null;
  auditLog: AuditTableRow[];
}

/**
 * Runs the story, step by step, through the real packages against the running mock, printing each
 * step as it goes. Stops at the first step that did not happen (later steps build on it) and reports
 * which one and why. A step that throws is reported as failed with the error's (redacted) message.
 *
 * @example
 * ```ts
 * const result = await runDemoStory(context);
 * if (!result.ok) console.error(`step ${result.failure?.step} did not happen: ${result.failure?.message}`);
 * ```
 */
export async function runDemoStory(context: DemoContext): Promise<DemoStoryResult> {
  const { output } = context;
  const agent = createAiSdkAgent(context);
  const steps: DemoStepReport[] = [];
  let gate: McpGateConnection | undefined;
  const runners: Record<DemoStepId, () => Promise<DemoStepReport>> = {
    "read-allowed": () => runReadAllowedStep(agent),
    "write-blocked": () => runWriteBlockedStep(agent),
    "pull-request-approved": () => runPullRequestStep(context),
    "call-denied": async () => {
      gate = await connectMcpGate({
        apiKey: context.apiKey,
        baseUrl: context.server.baseUrl,
        agentId: context.agentId,
        polling: context.polling,
        approvalTimeoutMs: context.approvalTimeoutMs,
      });
      return runMcpDenialStep(context, gate);
    },
    "kill-switch": () => {
      if (!gate) throw new Error("the MCP gate connection was not opened");
      return runKillSwitchStep(context, gate, agent);
    },
    "audit-trail": async () => {
      const failedDecisions = await context.reviewer.settle();
      const pullRequest = steps.find((report) => report.id === "pull-request-approved");
      const report = verifyAuditTrail(context.server.mock.control.state(), {
        evaluationAuditLogIds: steps.flatMap((report) => report.auditLogIds),
        pullRequestExecutions: pullRequest?.actual === "denied" ? 0 : 1,
        issueExecutions: steps.find((report) => report.id === "call-denied")?.actual === "executed" ? 1 : 0,
      });
      for (const failed of failedDecisions) report.checks.push({ what: failed, ok: false });
      if (failedDecisions.length > 0) report.ok = false;
      return report;
    },
  };

  let failure: DemoStoryResult["failure"] = null;
  try {
    for (const [index, id] of STORY_ORDER.entries()) {
      printStepHeading(output, index + 1, STORY_STEPS[id]);
      let report: DemoStepReport;
      try {
        report = await runners[id]();
      } catch (error) {
        const step = startStepReport(id);
        step.check(false, `the step threw: ${error instanceof Error ? error.message : String(error)}`);
        report = step.finish("error");
      }
      steps.push(report);
      printStepReport(output, report);
      if (!report.ok) {
        const failed = report.checks.find((check) => !check.ok);
        failure = {
          step: id,
          message: [
            report.actual === report.expected
              ? null
              : `the outcome was ${report.actual}, expected ${report.expected}`,
            failed ? `first failed check: ${failed.what}` : null,
          ]
            .filter((part) => part !== null)
            .join("; "),
        };
        break;
      }
    }
  } finally {
    await gate?.close().catch(() => undefined);
  }
  return {
    ok: failure === null,
    steps,
    failure,
    auditLog: context.server.mock.control.state().auditLogs.map(toAuditTableRow),
  };
}
