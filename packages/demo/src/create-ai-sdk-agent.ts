import { withSentrail } from "@sentrail/ai-sdk-middleware";
import type { GuardOutcome } from "@sentrail/client";
import { generateText, stepCountIs } from "ai";
import { createRepositoryTools } from "./create-repository-tools";
import { createScriptedLanguageModel, type PlannedToolCall } from "./create-scripted-language-model";
import type { DemoContext } from "./demo-context";

/** One `generateText` run: what the model answered and how Sentrail settled each tool call. */
export interface AiSdkRun {
  text: string;
  /** The guard's outcome per tool-call id. */
  outcomes: Map<string, GuardOutcome>;
}

/** The story's Vercel AI SDK agent: gated tools over a fake repository. */
export interface AiSdkAgent {
  /** Every tool execution that really happened. */
  readonly executed: readonly string[];
  run(plan: readonly PlannedToolCall[], prompt: string): Promise<AiSdkRun>;
}

/**
 * Builds the AI SDK agent of the story: `withSentrail` (from `@sentrail/ai-sdk-middleware`) gates its
 * tools, each mapped to the GitHub action it stands for (`read_file` → `read`, `push_to_main` →
 * `git.push` on `main`), and a scripted `MockLanguageModelV3` drives `generateText`.
 *
 * @example
 * ```ts
 * const agent = createAiSdkAgent(context);
 * const run = await agent.run([{ toolCallId: "call_1", toolName: "read_file", input: { path: "README.md" } }], "Read it");
 * run.outcomes.get("call_1")?.status; // => "executed"
 * ```
 */
export function createAiSdkAgent(context: DemoContext): AiSdkAgent {
  const { tools, executed } = createRepositoryTools();
  const outcomes = new Map<string, GuardOutcome>();
  const gated = withSentrail(tools, {
    client: context.sentrail,
    agentId: context.agentId,
    polling: context.polling,
    approvalTimeoutMs: context.approvalTimeoutMs,
    tools: {
      read_file: {
        evaluation: (call) => ({
          tool: "github",
          action: "read",
          riskLevel: "low",
          resourceType: "file",
          resourceId: (call.input as { path: string }).path,
        }),
      },
      push_to_main: {
        evaluation: {
          tool: "github",
          action: "git.push",
          riskLevel: "critical",
          resourceType: "branch",
          resourceId: "main",
        },
      },
    },
    onSettled: (outcome) => outcomes.set(outcome.callKey.split(":")[0] ?? "", outcome),
  });
  return {
    executed,
    async run(plan, prompt) {
      const result = await generateText({
        model: createScriptedLanguageModel(plan),
        tools: gated,
        stopWhen: stepCountIs(plan.length + 1),
        prompt,
      });
      return { text: result.text, outcomes };
    },
  };
}
