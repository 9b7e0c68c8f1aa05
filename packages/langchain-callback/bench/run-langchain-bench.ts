// Overhead per gated LangChain tool call, measured in one run against a baseline from the same run:
// the ungated `tool.invoke(toolCall)`. Each gate is measured twice:
//
// - "stub": Sentrail answers `allow` from memory (a stubbed evaluate, no HTTP): the cost of the
//   adapter and the guard (call key digest, exactly-once record, outcome, ToolMessage metadata).
// - "mock": the in-process mock (MSW) answers a real evaluate-action request: what a call costs end
//   to end without a network (MSW's own request handling dominates; a real network adds its RTT).
//
// Every iteration uses a new tool-call id (otherwise exactly-once would return the recorded result).
// Many short rounds with the order rotated; each figure is the median over rounds.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ToolMessage } from "@langchain/core/messages";
import { type RunnableConfig, RunnableLambda } from "@langchain/core/runnables";
import { tool } from "@langchain/core/tools";
import { createSentrailClient, type EvaluateActionResult, type GuardOptions } from "@sentrail/client";
import { setupMockSentrail } from "@sentrail/mock-server/node";
import { Bench } from "tinybench";
import { z } from "zod";
import { createSentrailMiddleware } from "../src/create-sentrail-middleware";
import { SentrailCallbackHandler } from "../src/sentrail-callback-handler";
import { wrapToolWithSentrail } from "../src/wrap-tool-with-sentrail";

const ROUNDS = 9;
const API_KEY = `agk_${"0".repeat(40)}`;
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "../../../.bench-results");

const listIssues = tool(async ({ repo }) => `2 open issues in ${repo}`, {
  name: "list_issues",
  description: "List open issues",
  schema: z.object({ repo: z.string() }),
});

let sequence = 0;
const nextCall = () => ({
  name: "list_issues",
  args: { repo: "acme/app" },
  id: `call_${++sequence}`,
  type: "tool_call" as const,
});

const allow: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Reads are fine' matched",
  matchedPolicyId: "b3c4d5e6-f7a8-9012-bcde-f01234567890",
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
};
const stubOptions = (): GuardOptions => ({
  client: {
    evaluateAction: async () => allow,
    waitForApproval: async () => Promise.reject(new Error("unused")),
  },
});

const mock = setupMockSentrail({
  seed: {
    workspaces: [{ name: "Bench", settings: { unmatchedDecision: "allow" } }],
    apiKeys: [{ key: API_KEY, name: "bench", scopes: ["evaluate"] }],
    policies: [
      { name: "Reads are fine", tool: "internal_api", actionPattern: "list_*", mode: "allow", priority: 10 },
    ],
  },
});
await mock.listen();
const mockOptions = (): GuardOptions => ({
  client: createSentrailClient({ apiKey: API_KEY, baseUrl: mock.baseUrl }),
});

/** Calls a middleware's hook the way LangChain's ToolNode does, with the tool as the handler. */
function viaMiddleware(options: GuardOptions) {
  const hook = createSentrailMiddleware(options).wrapToolCall!;
  type Request = Parameters<typeof hook>[0];
  return async () => {
    const toolCall = nextCall();
    const request = {
      toolCall,
      tool: listIssues,
      state: { messages: [] },
      runtime: {},
    } as unknown as Request;
    return hook(request, async () => (await listIssues.invoke(toolCall)) as ToolMessage);
  };
}
/**
 * The handler learns a tool's name only from the run that dispatched the tool call (a LangGraph tools
 * node); a one-step lambda stands in for it here, so this figure includes one extra runnable.
 */
function viaHandler(options: GuardOptions) {
  const handler = new SentrailCallbackHandler(options);
  const toolsNode = RunnableLambda.from(
    (input: { lg_tool_call: ReturnType<typeof nextCall> }, config?: RunnableConfig) =>
      listIssues.invoke(input.lg_tool_call, config),
  );
  return () => toolsNode.invoke({ lg_tool_call: nextCall() }, { callbacks: [handler] });
}
function viaWrapper(options: GuardOptions) {
  const wrapped = wrapToolWithSentrail(listIssues, options);
  return () => wrapped.invoke(nextCall());
}

const variants: Record<string, () => Promise<unknown>> = {
  "baseline: tool.invoke (ungated)": () => listIssues.invoke(nextCall()),
  "middleware (stub Sentrail)": viaMiddleware(stubOptions()),
  "callback handler (stub Sentrail)": viaHandler(stubOptions()),
  "wrapped tool (stub Sentrail)": viaWrapper(stubOptions()),
  "middleware (in-process mock)": viaMiddleware(mockOptions()),
  "callback handler (in-process mock)": viaHandler(mockOptions()),
};

// Sanity check before measuring: every variant runs the tool and returns its answer.
for (const [name, run] of Object.entries(variants)) {
  const result = await run();
  if (!ToolMessage.isInstance(result) || result.content !== "2 open issues in acme/app") {
    throw new Error(`${name} did not run the tool`);
  }
}

const names = Object.keys(variants);
const medians: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
const p99s: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: 150, warmupTime: 30 });
  const offset = round % names.length;
  for (const name of [...names.slice(offset), ...names.slice(0, offset)]) bench.add(name, variants[name]!);
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== "completed") throw new Error(`benchmark "${task.name}" did not complete`);
    medians[task.name]!.push(result.latency.p50);
    p99s[task.name]!.push(result.latency.p99);
  }
}
await mock.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const baseline = median(medians[names[0]!]!);
const rows = names.map((name) => {
  const p50 = median(medians[name]!);
  return {
    variant: name,
    "p50 ms/call": p50.toFixed(3),
    "p99 ms/call": median(p99s[name]!).toFixed(3),
    "overhead ms (p50 − baseline)": name === names[0] ? "–" : (p50 - baseline).toFixed(3),
    "× baseline (p50)": (p50 / baseline).toFixed(2),
  };
});

console.log(
  `\n@sentrail/langchain-callback: per gated tool call (same run; median of ${ROUNDS} rounds, ${process.version})\n`,
);
console.table(rows);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "langchain-callback.json"),
  `${JSON.stringify({ rounds: ROUNDS, rows }, null, 2)}\n`,
);
