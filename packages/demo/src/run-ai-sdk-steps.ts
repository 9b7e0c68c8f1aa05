import type { AiSdkAgent } from "./create-ai-sdk-agent";
import { BLOCK_PUSH_POLICY_NAME } from "./create-story-seed";
import { type DemoStepReport, startStepReport } from "./start-step-report";

/**
 * Step 1, AI SDK: the model reads a file. The tool is gated by `withSentrail` and evaluated as GitHub
 * `read`; the policy `Allow reads` allows it; it runs once and the model gets the file.
 *
 * @example
 * ```ts
 * const report = await runReadAllowedStep(createAiSdkAgent(context));
 * report.actual; // => "executed"
 * ```
 */
export async function runReadAllowedStep(agent: AiSdkAgent): Promise<DemoStepReport> {
  const step = startStepReport("read-allowed");
  const run = await agent.run(
    [{ toolCallId: "call_read_1", toolName: "read_file", input: { path: "README.md" } }],
    "What does the README say?",
  );
  const outcome = run.outcomes.get("call_read_1");
  step.check(outcome?.decision === "allow", "Sentrail decided allow");
  step.check(outcome?.reason === "Policy 'Allow reads' matched", "by the policy 'Allow reads'");
  step.check(
    agent.executed.filter((entry) => entry.startsWith("read_file")).length === 1,
    "read_file ran once",
  );
  step.check(run.text.includes("read_file: done"), "the model got the file");
  step.evaluated(outcome?.auditLogId);
  step.detail("reason", outcome?.reason ?? null);
  step.detail("modelAnswer", run.text);
  return step.finish(outcome?.status ?? "no outcome");
}

/**
 * Step 2, AI SDK: the model pushes straight to main. Evaluated as GitHub `git.push` on `main`, the
 * policy `Block direct pushes to main` blocks it: the tool's `execute` never runs, and the model reads
 * a result that says it did not run, why, and not to retry.
 *
 * @example
 * ```ts
 * const report = await runWriteBlockedStep(agent);
 * report.actual; // => "blocked"
 * ```
 */
export async function runWriteBlockedStep(agent: AiSdkAgent): Promise<DemoStepReport> {
  const step = startStepReport("write-blocked");
  const run = await agent.run(
    [
      {
        toolCallId: "call_push_1",
        toolName: "push_to_main",
        input: { path: "README.md", content: "# acme/demo\nEdited by the agent.\n" },
      },
    ],
    "Update the README on main.",
  );
  const outcome = run.outcomes.get("call_push_1");
  const because = `Policy '${BLOCK_PUSH_POLICY_NAME}' matched`;
  step.check(outcome?.reason === because, `by the policy '${BLOCK_PUSH_POLICY_NAME}'`);
  step.check(!agent.executed.some((entry) => entry.startsWith("push_to_main")), "push_to_main never ran");
  step.check(
    run.text.includes(`push_to_main: not done (blocked: ${because})`),
    "the model was told it did not run, and why",
  );
  step.check(outcome?.retrySafe === false, "and not to retry it");
  step.evaluated(outcome?.auditLogId);
  step.detail("reason", outcome?.reason ?? null);
  step.detail("modelAnswer", run.text);
  return step.finish(outcome?.status ?? "no outcome");
}
