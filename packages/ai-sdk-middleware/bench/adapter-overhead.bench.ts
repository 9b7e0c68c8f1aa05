// What the AI SDK adapter adds per gated tool call (`npm run bench`; the source, run by tsx).
//
// Baselines measured in the same run: the ungated tool's `execute`, and a bare `guard.run` from
// @sentrail/client (the decision state machine the adapter builds on). The adapter's own cost per call
// is "gated execute" minus "bare guard.run" at the median. Decisions come from a stubbed evaluate answer
// (no HTTP) so the figures are the adapter's, not the network's; two rows against the in-process mock
// (MSW) and two full `generateText` loops (fake model, one tool step) show the same in context.
//
// Several short rounds with the order rotated each round; per variant the median of the round medians
// and of the round p99s. It prints and records; it never asserts (a slow machine must not fail a build).
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGuard, createSentrailClient, type EvaluateActionResult } from "@sentrail/client";
import type { Seed } from "@sentrail/mock-server";
import { setupMockSentrail } from "@sentrail/mock-server/node";
import { generateText, tool } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";
import { z } from "zod";
import { measureRotatedRounds } from "../../../scripts/bench/measure-rotated-rounds";
import { createSentrailGate } from "../src/index";

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "../../../.bench-results");
const API_KEY = "agk_0123456789abcdef0123456789abcdef01234567";
const ROUNDS = 5;

const seed: Seed = {
  workspaces: [{ id: randomUUID(), name: "Bench", settings: { unmatchedDecision: "require_approval" } }],
  apiKeys: [{ key: API_KEY, name: "bench", scopes: ["evaluate"] }],
  policies: [
    { name: "Lookups", tool: "internal_api", actionPattern: "lookup_*", mode: "allow", priority: 10 },
  ],
};
const sentrail = setupMockSentrail({ seed, onUnhandledRequest: "error" });
await sentrail.listen();
const client = createSentrailClient({ apiKey: API_KEY, baseUrl: sentrail.baseUrl, agentId: "bench-agent" });

const stubAnswer: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Lookups' matched",
  matchedPolicyId: "b3c4d5e6-f7a8-9012-bcde-f01234567890",
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
};
const evaluate = async () => stubAnswer;
const lookupOrder = tool({
  description: "Look up an order",
  inputSchema: z.object({ orderId: z.string(), expand: z.array(z.string()) }),
  execute: async ({ orderId }) => ({ orderId, status: "shipped" }),
});
const tools = { lookup_order: lookupOrder };
const input = { orderId: "o_42", expand: ["items", "customer"] };
type Execute = (input: unknown, options: { toolCallId: string; messages: [] }) => Promise<unknown>;
type NeedsApproval = (input: unknown, options: { toolCallId: string; messages: [] }) => Promise<boolean>;

const bareGuard = createGuard({ client, evaluate });
const gated = createSentrailGate({ client, evaluate }).tools(tools);
const native = createSentrailGate({ client, evaluate, approval: "native" }).tools(tools);
const mockGuard = createGuard({ client });
const mockGated = createSentrailGate({ client }).tools(tools);
let sequence = 0;
const options = () => ({ toolCallId: `call-${sequence++}`, messages: [] as [] });

/** A fake model: one tool call, then text. */
function oneStepModel() {
  let turn = 0;
  const usage = {
    inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 1, text: 1, reasoning: undefined },
  };
  return new MockLanguageModelV3({
    doGenerate: async () =>
      turn++ % 2 === 0
        ? {
            content: [
              {
                type: "tool-call",
                toolCallId: `m-${sequence++}`,
                toolName: "lookup_order",
                input: JSON.stringify(input),
              },
            ],
            finishReason: { unified: "tool-calls", raw: undefined },
            usage,
            warnings: [],
          }
        : {
            content: [{ type: "text", text: "ok" }],
            finishReason: { unified: "stop", raw: undefined },
            usage,
            warnings: [],
          },
    doStream: async () => ({ stream: convertArrayToReadableStream([]) }),
  });
}

const variants: Record<string, () => Promise<unknown>> = {
  "tool.execute, ungated (baseline)": () => (lookupOrder.execute as unknown as Execute)(input, options()),
  "guard.run, bare (stubbed evaluate)": () =>
    bareGuard.run({ toolName: "lookup_order", input, toolCallId: options().toolCallId }, () =>
      (lookupOrder.execute as unknown as Execute)(input, options()),
    ),
  "gated execute, wait mode (stubbed evaluate)": () =>
    (gated.lookup_order.execute as unknown as Execute)(input, options()),
  "gated needsApproval + execute, native mode (stubbed)": async () => {
    const call = options();
    const tool = native.lookup_order as unknown as { needsApproval: NeedsApproval; execute: Execute };
    await tool.needsApproval(input, call);
    return tool.execute(input, call);
  },
  "guard.run, bare (in-process mock)": () =>
    mockGuard.run({ toolName: "lookup_order", input, toolCallId: options().toolCallId }, () =>
      (lookupOrder.execute as unknown as Execute)(input, options()),
    ),
  "gated execute (in-process mock)": () =>
    (mockGated.lookup_order.execute as unknown as Execute)(input, options()),
  "generateText 1 tool step, ungated": () =>
    generateText({ model: oneStepModel(), tools, prompt: "?", stopWhen: () => false }),
  "generateText 1 tool step, gated (stubbed)": () =>
    generateText({ model: oneStepModel(), tools: gated, prompt: "?", stopWhen: () => false }),
};

// Sanity check before measuring: every gated variant really executes the tool.
for (const [name, run] of Object.entries(variants)) {
  const result = (await run()) as { status?: string; executed?: boolean; outcome?: unknown };
  if (
    result?.executed === false ||
    (result?.status !== undefined && !["shipped", "executed"].includes(result.status))
  ) {
    throw new Error(`${name} did not run the allowed call: ${JSON.stringify(result)}`);
  }
}

const rows = await measureRotatedRounds(variants, { rounds: ROUNDS, timeMs: 400, warmupMs: 100 });
sentrail.close();
const ms = (value: number) => value.toFixed(4);
console.log(
  `\n@sentrail/ai-sdk-middleware: latency per tool call (${process.version}; median of ${ROUNDS} rounds, milliseconds)\n`,
);
console.table(
  rows.map((row) => ({
    variant: row.variant,
    samples: row.samples,
    "median ms": ms(row.p50),
    "p99 ms": ms(row.p99),
  })),
);
const row = (name: string) => rows.find((candidate) => candidate.variant === name)!;
const adapter =
  row("gated execute, wait mode (stubbed evaluate)").p50 - row("guard.run, bare (stubbed evaluate)").p50;
const nativeExtra =
  row("gated needsApproval + execute, native mode (stubbed)").p50 -
  row("gated execute, wait mode (stubbed evaluate)").p50;
const mock = row("gated execute (in-process mock)").p50 - row("guard.run, bare (in-process mock)").p50;
const loop =
  row("generateText 1 tool step, gated (stubbed)").p50 - row("generateText 1 tool step, ungated").p50;
console.log(
  `\nsummary: adapter overhead per gated call (gated execute − bare guard.run, stubbed evaluate): ${ms(adapter)} ms at the median; ` +
    `native mode adds ${ms(nativeExtra)} ms (the needsApproval check); against the in-process mock: ${ms(mock)} ms; ` +
    `a generateText step with one gated call costs ${ms(loop)} ms more than ungated (guard included).`,
);

mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "ai-sdk-middleware-overhead.json"),
  `${JSON.stringify({ node: process.version, rows, adapterOverheadMs: adapter }, null, 2)}\n`,
);
