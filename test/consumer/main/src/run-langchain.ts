// LangChain 1 consumer: createAgent with createSentrailMiddleware and a fake tool-calling model, then
// wrapToolWithSentrail around a single tool, against the tarball's mock in process.
import { AIMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { createGuard, createSentrailClient } from "@sentrail/client";
import { createSentrailMiddleware, wrapToolWithSentrail } from "@sentrail/langchain-callback";
import { DEMO_API_KEY, demoSeed, startMockServer } from "@sentrail/mock-server/node";
import { createAgent, tool } from "langchain";
import { z } from "zod";
import { check, passed } from "./check.js";
import { seedBlockDeletes } from "./exercise-client.js";

let lookups = 0;
let deletions = 0;
const lookupOrder = tool(
  async ({ orderId }) => {
    lookups++;
    return `order ${orderId} shipped`;
  },
  { name: "lookup_order", description: "Look an order up", schema: z.object({ orderId: z.string() }) },
);
const deleteAccount = tool(
  async () => {
    deletions++;
    return "deleted";
  },
  { name: "delete_account", description: "Delete a user account", schema: z.object({ userId: z.string() }) },
);

const server = await startMockServer({ seed: demoSeed() });
try {
  await seedBlockDeletes(server.origin);
  const client = createSentrailClient({ apiKey: DEMO_API_KEY, baseUrl: server.baseUrl });

  const model = fakeModel()
    .respondWithTools([
      { name: "lookup_order", args: { orderId: "o_1" }, id: "call_1" },
      { name: "delete_account", args: { userId: "u_1" }, id: "call_2" },
    ])
    .respond(new AIMessage("done"));
  const agent = createAgent({
    model,
    tools: [lookupOrder, deleteAccount],
    middleware: [createSentrailMiddleware({ client, agentId: "consumer" })],
  });
  const result = await agent.invoke({ messages: [{ role: "user", content: "Look up o_1, delete u_1" }] });
  const toolMessages = result.messages.filter((message) => ToolMessage.isInstance(message));
  const byCall = new Map(toolMessages.map((message) => [message.tool_call_id, message]));
  check(lookups === 1, `createAgent: the allowed tool ran ${lookups} times`);
  check(deletions === 0, "createAgent: the blocked tool ran");
  check(
    String(byCall.get("call_1")?.content) === "order o_1 shipped",
    "createAgent: call_1 has no tool result",
  );
  const refusal = JSON.parse(String(byCall.get("call_2")?.content ?? "{}"));
  check(
    refusal.executed === false && refusal.status === "blocked",
    `createAgent: call_2 → ${refusal.status}`,
  );
  passed("langchain createAgent + createSentrailMiddleware: allowed tool ran once, blocked tool never ran");

  const guard = createGuard({ client, agentId: "consumer" });
  const guardedDelete = wrapToolWithSentrail(deleteAccount, { guard });
  const answer = await guardedDelete.invoke({
    name: "delete_account",
    args: { userId: "u_2" },
    id: "call_3",
    type: "tool_call",
  });
  check(deletions === 0, "wrapToolWithSentrail: the blocked tool ran");
  check(ToolMessage.isInstance(answer), "wrapToolWithSentrail: the answer is no ToolMessage");
  check(String(answer.content).includes('"blocked"'), `wrapToolWithSentrail: ${String(answer.content)}`);
  passed("langchain wrapToolWithSentrail: blocked tool call answered with a refusal, never ran");
} finally {
  await server.close();
}
