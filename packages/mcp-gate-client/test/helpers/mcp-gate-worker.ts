// One process of the multi-process gate tests: its own connection to mcp-gate (its own guard, the
// default in-memory store), one `callTool` or `resumeCall`, then it prints the outcome as one JSON line.
// Usage: node --import tsx mcp-gate-worker.ts <json options>
import type { GuardApprovalHandle } from "@sentrail/client";
import { connectMcpGate } from "../../src/connect-mcp-gate";

export interface McpGateWorkerOptions {
  apiKey: string;
  gateUrl: string;
  params: { name: string; arguments: Record<string, unknown> };
  /** Look at the approval once (`approvalTimeoutMs: 0`) and print the outcome with its `resume` handle. */
  approvalTimeoutMs?: number;
  /** Resume this handle (`resumeCall`) instead of calling the tool. */
  resume?: GuardApprovalHandle;
  /** Start at this time (ms since epoch), so several workers resume at once. */
  startAt?: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as McpGateWorkerOptions;
const gate = await connectMcpGate({
  apiKey: options.apiKey,
  url: options.gateUrl,
  agentId: `gate-worker-${process.pid}`,
  polling: { initialDelayMs: 50, maxDelayMs: 200 },
});
await new Promise((resolve) => setTimeout(resolve, Math.max(0, (options.startAt ?? 0) - Date.now())));
const outcome = options.resume
  ? await gate.resumeCall(options.params, options.resume)
  : await gate.callTool(
      options.params,
      options.approvalTimeoutMs === undefined ? {} : { approvalTimeoutMs: options.approvalTimeoutMs },
    );
process.stdout.write(`${JSON.stringify(outcome)}\n`);
await gate.close();
