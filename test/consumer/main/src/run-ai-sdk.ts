// AI SDK consumer (ai 6 here, ai 7 in ../ai7): withSentrail around two tools, a scripted model calls both;
// the allowed one runs once, the blocked one never runs and the model reads why.
import { createRequire } from "node:module";
import { withSentrail } from "@sentrail/ai-sdk-middleware";
import { createSentrailClient } from "@sentrail/client";
import { DEMO_API_KEY, demoSeed, startMockServer } from "@sentrail/mock-server/node";
import { generateText, stepCountIs, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { z } from "zod";
import { check, passed } from "./check.js";
import { seedBlockDeletes } from "./exercise-client.js";

const aiVersion: string = createRequire(import.meta.url)("ai/package.json").version;
const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};
let turn = 0;
const model = new MockLanguageModelV3({
  doGenerate: async () =>
    turn++ === 0
      ? {
          content: [
            { type: "tool-call", toolCallId: "c1", toolName: "lookup_order", input: '{"orderId":"o_1"}' },
            { type: "tool-call", toolCallId: "c2", toolName: "delete_account", input: '{"userId":"u_1"}' },
          ],
          finishReason: { unified: "tool-calls", raw: undefined },
          usage,
          warnings: [],
        }
      : {
          content: [{ type: "text", text: "done" }],
          finishReason: { unified: "stop", raw: undefined },
          usage,
          warnings: [],
        },
});

let lookups = 0;
let deletions = 0;
const tools = {
  lookup_order: tool({
    description: "Look an order up",
    inputSchema: z.object({ orderId: z.string() }),
    execute: async ({ orderId }) => {
      lookups++;
      return { orderId, status: "shipped" };
    },
  }),
  delete_account: tool({
    description: "Delete a user account",
    inputSchema: z.object({ userId: z.string() }),
    execute: async () => {
      deletions++;
      return { deleted: true };
    },
  }),
};

const server = await startMockServer({ seed: demoSeed() });
try {
  await seedBlockDeletes(server.origin);
  const client = createSentrailClient({ apiKey: DEMO_API_KEY, baseUrl: server.baseUrl });
  const result = await generateText({
    model,
    tools: withSentrail(tools, { client, agentId: "consumer" }),
    stopWhen: stepCountIs(3),
    prompt: "Look up o_1, then delete u_1",
  });
  const outputs = new Map<string, unknown>();
  for (const step of result.steps) {
    for (const part of step.content)
      if (part.type === "tool-result") outputs.set(part.toolCallId, part.output);
  }
  check(lookups === 1, `ai ${aiVersion}: the allowed tool ran ${lookups} times`);
  check(deletions === 0, `ai ${aiVersion}: the blocked tool ran`);
  check(
    JSON.stringify(outputs.get("c1")) === '{"orderId":"o_1","status":"shipped"}',
    `ai ${aiVersion}: c1 → ${JSON.stringify(outputs.get("c1"))}`,
  );
  const refusal = outputs.get("c2") as { executed?: boolean; status?: string } | undefined;
  check(
    refusal?.executed === false && refusal.status === "blocked",
    `ai ${aiVersion}: c2 → ${JSON.stringify(refusal)}`,
  );
  check(result.text === "done", `ai ${aiVersion}: final text ${result.text}`);
  passed(`ai ${aiVersion} generateText + withSentrail: allowed tool ran once, blocked tool never ran`);
} finally {
  await server.close();
}
