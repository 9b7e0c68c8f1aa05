import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { createGuard, type GuardOutcome, type GuardPendingEvent } from "@sentrail/client";
import { createSentrailMiddleware } from "@sentrail/langchain-callback";
import { createAgent } from "langchain";
import { z } from "zod";
import { createGatewayEvaluate } from "./create-gateway-evaluate";
import { createProgressIndicator, type ProgressIndicator } from "./create-progress-indicator";
import type { DemoContext } from "./demo-context";
import type { ReviewRequest } from "./demo-reviewer";
import { type DemoStepReport, startStepReport } from "./start-step-report";

const PULL_REQUEST = {
  title: "Add rate limiting to the login endpoint",
  head: "rate-limit-login",
  base: "main",
};

/**
 * Step 3, LangChain: an agent (`createAgent` with LangChain's fake tool-calling model) opens a pull
 * request. Sentrail's agent middleware (`createSentrailMiddleware` from `@sentrail/langchain-callback`)
 * gates the call through the GitHub gateway, which holds it for a reviewer. While the guard polls,
 * a live progress line runs; the reviewer approves through the approval-decision endpoint; Sentrail
 * replays the stored call once and the model receives the new pull request.
 *
 * @example
 * ```ts
 * const report = await runPullRequestStep(context);
 * report.actual; // => "executed"
 * ```
 */
export async function runPullRequestStep(context: DemoContext): Promise<DemoStepReport> {
  const { output, reviewer } = context;
  const step = startStepReport("pull-request-approved");
  const forwarded: unknown[] = [];
  let handedOver = 0;
  let progress: ProgressIndicator | undefined;
  let request: ReviewRequest | undefined;

  const onPending = (event: GuardPendingEvent) => {
    if (event.update === null) {
      request = {
        approvalRequestId: event.approvalRequestId,
        what: `open_pull_request "${PULL_REQUEST.title}"`,
        intended: "approved",
      };
      output.line(`     held: ${event.reason} (approval ${event.approvalRequestId})`);
      reviewer.review(request);
      progress = createProgressIndicator(output, reviewer.waitingLabel(request));
      return;
    }
    progress?.update(`${event.update.polls} ${event.update.polls === 1 ? "poll" : "polls"}`);
  };

  const guard = createGuard({
    client: context.sentrail,
    agentId: context.agentId,
    // The gateway holds a copy of the call: after approval Sentrail runs it, the agent does not.
    replay: "sentrail",
    evaluate: createGatewayEvaluate({
      client: context.sentrail,
      toRequest: (input) => ({ method: "POST", path: "/repos/acme/demo/pulls", body: input.payload }),
      onForwarded: (body) => forwarded.push(body),
    }),
    polling: context.polling,
    approvalTimeoutMs: context.approvalTimeoutMs,
    onPending,
  });

  // Runs only when Sentrail allows at once: the gateway already forwarded the call, so hand over its answer.
  const openPullRequest = tool(
    async () => {
      handedOver++;
      return JSON.stringify(forwarded.shift() ?? null);
    },
    {
      name: "open_pull_request",
      description: "Open a pull request on acme/demo",
      schema: z.object({ title: z.string(), head: z.string(), base: z.string() }),
    },
  );
  const model = fakeModel()
    .respondWithTools([{ name: "open_pull_request", args: PULL_REQUEST, id: "call_pr_1" }])
    .respond((messages) => {
      const last = messages.filter(ToolMessage.isInstance).at(-1);
      return new AIMessage(`Pull request step finished: ${String(last?.content ?? "no result")}`);
    });
  let outcome: GuardOutcome | undefined;
  const agent = createAgent({
    model,
    tools: [openPullRequest],
    middleware: [createSentrailMiddleware({ guard, onOutcome: (event) => (outcome = event.outcome) })],
  });

  let answer = "";
  try {
    const result = await agent.invoke({
      messages: [new HumanMessage("Open a PR for the rate-limit branch.")],
    });
    answer = String(result.messages.at(-1)?.content ?? "");
  } finally {
    const seconds = ((outcome?.wait?.elapsedMs ?? 0) / 1000).toFixed(1);
    progress?.stop(`     reviewer answered after ${seconds} s (${outcome?.wait?.polls ?? 0} status polls)`);
  }

  const state = context.server.mock.control.state();
  const approval = state.approvalRequests.find((row) => row.id === outcome?.approvalRequestId);
  // A person may decide differently from the script in --interactive: the story then expects the consequence.
  const decided = reviewer.kind === "human" && approval?.status === "denied" ? "denied" : "executed";
  step.check(request !== undefined, "the call was held for a reviewer");
  step.check(
    outcome?.reason === "Policy 'Require approval for PRs' matched",
    "by the policy 'Require approval for PRs'",
  );
  if (decided === "executed") {
    step.check(
      outcome?.status === "executed" && outcome.via === "sentrail_replay",
      "Sentrail replayed the stored call",
    );
    step.check(approval?.status === "executed", "the approval request ends executed");
    step.check(
      answer.includes("https://github.com/acme/demo/pull/"),
      "the model got the new pull request's URL",
    );
  }
  step.check(handedOver === 0 && forwarded.length === 0, "the agent itself never sent the pull request");
  step.detail("approvalRequestId", outcome?.approvalRequestId ?? null);
  step.evaluated(outcome?.auditLogId);
  step.detail("correlationId", outcome?.correlationId ?? null);
  step.detail("statusPolls", outcome?.wait?.polls ?? 0);
  step.detail("waitedMs", outcome?.wait?.elapsedMs ?? 0);
  step.detail("modelAnswer", answer);
  return step.finish(outcome?.status ?? "no outcome", decided);
}
