// One worker process of the multi-process test: a guard of its own, on the shared file store, runs the
// call it is given once the start time comes, and prints the outcome as one JSON line.
// Usage: node --import tsx guard-worker.ts <json options>
import { appendFile } from "node:fs/promises";
import { createSentrailClient } from "../../src/create-sentrail-client";
import { createGuard } from "../../src/guard/create-guard";
import type { GuardApprovalHandle } from "../../src/guard/guard-approval-handle";
import { createFileGuardStore } from "./create-file-guard-store";

interface WorkerOptions {
  baseUrl: string;
  apiKey: string;
  storeDirectory: string;
  executionsFile: string;
  startAt: number;
  call: { toolName: string; input: unknown; toolCallId: string };
  /** Look at the approval once instead of waiting (prints the outcome with its `resume` handle). */
  approvalTimeoutMs?: number;
  /** Take over this handle instead of running the call. */
  resume?: GuardApprovalHandle;
}

const options = JSON.parse(process.argv[2] ?? "{}") as WorkerOptions;
const guard = createGuard({
  client: createSentrailClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    agentId: `worker-${process.pid}`,
  }),
  store: createFileGuardStore(options.storeDirectory),
  polling: { initialDelayMs: 50, maxDelayMs: 200 },
});

await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.startAt - Date.now())));
const execute = async () => {
  await appendFile(options.executionsFile, `${process.pid}\n`);
  // Long enough that every other worker reads the call while it is executing.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { executedBy: process.pid };
};
const outcome = options.resume
  ? await guard.resume(options.resume, options.call.input, execute)
  : await guard.run(
      options.call,
      execute,
      options.approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs: options.approvalTimeoutMs },
    );
process.stdout.write(`${JSON.stringify(outcome)}\n`);
