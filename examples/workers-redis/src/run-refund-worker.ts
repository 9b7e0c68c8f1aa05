// One worker process: its own Sentrail client, its own guard, its own Redis connection, and the shared
// Redis guard store. It runs the refund it is given and prints one JSON line per event on stdout:
// { event: "waiting" } when it waits for the approval, { event: "outcome", outcome } at the end.
// Usage: tsx src/run-refund-worker.ts <json options>
import { appendFile } from "node:fs/promises";
import { createGuard, createSentrailClient } from "@sentrail/client";
import { createRedisGuardStore } from "@sentrail/guard-store-redis";
import { createClient } from "redis";

const options = JSON.parse(process.argv[2] ?? "{}") as {
  sentrailUrl: string;
  apiKey: string;
  redisUrl: string;
  refundsFile: string;
  call: { toolName: string; input: { invoiceId: string; amountCents: number }; toolCallId: string };
};
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const redis = createClient({ url: options.redisUrl });
redis.on("error", (error) => console.error(`worker ${process.pid}: redis: ${error.message}`));
await redis.connect();
const guard = createGuard({
  client: createSentrailClient({
    apiKey: options.apiKey,
    baseUrl: options.sentrailUrl,
    agentId: "billing-worker",
  }),
  store: createRedisGuardStore({ client: redis, keyPrefix: "billing-agent:sentrail:" }),
  // Quick polls so the story runs in seconds; the defaults (1 s growing to 10 s) suit production.
  polling: { initialDelayMs: 50, maxDelayMs: 200 },
  onPending: (event) => {
    if (event.update === null) print({ event: "waiting", approvalRequestId: event.approvalRequestId });
  },
});

const outcome = await guard.run(options.call, async () => {
  // The side effect: one line per refund actually issued, whichever process issued it.
  await appendFile(options.refundsFile, `${process.pid}\n`);
  return { refunded: options.call.input.amountCents, by: process.pid };
});
print({ event: "outcome", outcome });
await redis.quit();
