import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { classifyToolCall } from "../interceptor/classify-tool-call";
import { startInterceptor } from "../interceptor/start-interceptor";
import { connectProxyClient } from "./connect-proxy-client";
import { createRecordingUpstream } from "./create-recording-upstream";
import { startEmbeddedSentrail } from "./start-embedded-sentrail";

/** One of the demo's four actions, and what happened. */
export interface DemoStep {
  command: string;
  action: string;
  riskLevel: string;
  /** What Sentrail decided first. */
  decision: "allow" | "block" | "require_approval";
  /** The reviewer's answer, for the held action; null otherwise. */
  approval: "approved" | "denied" | null;
  /** What the agent got: `allowed` (would run), or `refused` with the proxy's JSON-RPC message. */
  result: "allowed" | "refused";
  message: string;
  /** Whether the step went as the demo expects (the four outcomes of contract §14). */
  expected: boolean;
}

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** The reviewer: asked once for the held `git push --force` (the y/n prompt). */
  approve(request: { command: string; approvalRequestId: string; reason: string }): Promise<boolean>;
  /** Per finished step. */
  onStep?: (step: DemoStep) => void;
}

/** The four actions of contract §14, with the first decision each must get. */
export const DEMO_ACTIONS = [
  { command: "rm -rf /tmp/sentrail-demo-dir", decision: "block" },
  { command: "git push --force origin main", decision: "require_approval" },
  { command: "psql -c 'DROP TABLE users'", decision: "block" },
  { command: "cat README.md", decision: "allow" },
] as const;

/**
 * `sentrail demo` (contract §14): the offline simulation of four shell commands an agent might run,
 * through the real path: an embedded Sentrail, the proxy of `sentrail start`, a real MCP client, and
 * a stand-in upstream that records and runs nothing. `rm -rf` and `DROP TABLE` are blocked, the force
 * push waits for `approve` (then forwarded or refused), `cat` is allowed. Nothing is executed.
 *
 * How it fails: resolves with `expected: false` on a step that did not go as described; rejects
 * only when the embedded Sentrail or the proxy cannot start.
 *
 * @example
 * const steps = await runDemo({ approve: async () => true });
 * steps.every((step) => step.expected); // true
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoStep[]> {
  const sentrail = await startEmbeddedSentrail();
  const recorder = createRecordingUpstream();
  let answer: Promise<"approved" | "denied"> | null = null;
  const proxy = await startInterceptor({
    config: { apiKey: sentrail.apiKey, cloudUrl: sentrail.baseUrl },
    upstream: recorder.upstream,
    port: 0,
    agentId: "sentrail-demo",
    pollIntervalMs: 200,
    onEvent(event) {
      if (event.kind !== "awaiting_approval" || event.call.command === null) return;
      const request = { approvalRequestId: event.approvalRequestId, reason: event.reason };
      answer = options.approve({ command: event.call.command, ...request }).then(async (approved) => {
        const decision = approved ? "approved" : "denied";
        await sentrail.decide(event.approvalRequestId, decision);
        return decision;
      });
    },
  });
  const steps: DemoStep[] = [];
  try {
    const client = await connectProxyClient(proxy.url);
    try {
      for (const planned of DEMO_ACTIONS) {
        answer = null;
        const before = recorder.calls.length;
        let result: DemoStep["result"] = "allowed";
        let message = "allowed; the stand-in upstream recorded it (nothing was executed)";
        let decision: DemoStep["decision"] = "allow";
        try {
          await client.callTool({ name: "bash", arguments: { command: planned.command } });
        } catch (error) {
          result = "refused";
          message =
            error instanceof McpError
              ? error.message.replace(`MCP error ${error.code}: `, "")
              : String(error);
          const data =
            error instanceof McpError ? (error.data as { decision?: string } | undefined) : undefined;
          decision = data?.decision === "require_approval" ? "require_approval" : "block";
        }
        const approval = answer === null ? null : await (answer as Promise<"approved" | "denied">);
        if (approval !== null) decision = "require_approval";
        const { action, riskLevel } = classifyToolCall("bash", { command: planned.command });
        const forwarded = recorder.calls.length - before;
        const expected =
          decision === planned.decision &&
          (result === "allowed" ? forwarded === 1 : forwarded === 0) &&
          (planned.decision !== "require_approval" || (approval === "approved") === (result === "allowed"));
        const step: DemoStep = {
          command: planned.command,
          action,
          riskLevel,
          decision,
          approval,
          result,
          message,
          expected,
        };
        steps.push(step);
        options.onStep?.(step);
      }
    } finally {
      await client.close();
    }
  } finally {
    await proxy.close();
    await sentrail.close();
  }
  return steps;
}
