// One worker of the throughput bench: its own guard (stubbed evaluate answer) on the shared Redis runs
// `calls` distinct tool calls, `concurrency` at a time, from a shared start time, and prints
// { calls, executed, elapsedMs } as one JSON line.
import { createGuard, createSentrailClient, type EvaluateActionResult } from "@sentrail/client";
import { createClient } from "redis";
import { createRedisGuardStore } from "../src/create-redis-guard-store";

const options = JSON.parse(process.argv[2] ?? "{}") as {
  redisUrl: string;
  keyPrefix: string;
  calls: number;
  concurrency: number;
  startAt: number;
};
const answer: EvaluateActionResult = {
  decision: "allow",
  reason: "Policy 'Allow listing' matched",
  matchedPolicyId: null,
  auditLogId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  correlationId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
};
const redis = createClient({ url: options.redisUrl });
redis.on("error", () => undefined);
await redis.connect();
const guard = createGuard({
  client: createSentrailClient({
    apiKey: "agk_0123456789abcdef0123456789abcdef01234567",
    baseUrl: "http://127.0.0.1:9/functions/v1",
  }),
  evaluate: async () => answer,
  store: createRedisGuardStore({ client: redis, keyPrefix: options.keyPrefix }),
});

await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.startAt - Date.now())));
const started = performance.now();
let next = 0;
let executed = 0;
await Promise.all(
  Array.from({ length: options.concurrency }, async () => {
    while (next < options.calls) {
      const id = next++;
      const outcome = await guard.run(
        { toolName: "list_invoices", input: { page: id }, toolCallId: `call-${process.pid}-${id}` },
        () => id,
      );
      if (outcome.status === "executed") executed++;
    }
  }),
);
const elapsedMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ calls: options.calls, executed, elapsedMs })}\n`);
await redis.quit();
