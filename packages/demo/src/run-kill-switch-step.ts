import type { McpGateConnection } from "@sentrail/mcp-gate-client";
import type { AiSdkAgent } from "./create-ai-sdk-agent";
import type { DemoContext } from "./demo-context";
import { type DemoStepReport, startStepReport } from "./start-step-report";

const KILL_SWITCH_REASON = "Kill switch is active";

/**
 * Step 5: an admin enables the workspace's kill switch (`createSentrailAdminClient` →
 * `kill-switch`). Then calls that policy allowed a moment ago are refused: an MCP `get_issue` through
 * the gate and the AI SDK agent's `read_file`. Neither runs.
 *
 * @example
 * ```ts
 * const report = await runKillSwitchStep(context, gate, aiSdkAgent);
 * report.actual; // => "blocked"
 * ```
 */
export async function runKillSwitchStep(
  context: DemoContext,
  gate: McpGateConnection,
  agent: AiSdkAgent,
): Promise<DemoStepReport> {
  const step = startStepReport("kill-switch");
  await context.admin.enableKillSwitch(context.workspaceId);
  const workspace = context.server.mock.control
    .state()
    .workspaces.find((row) => row.id === context.workspaceId);
  step.check(workspace?.killSwitch.global === true, "the workspace's kill switch is on");
  context.output.line(`     kill switch enabled on workspace ${context.workspaceId}`);

  const mcp = await gate.callTool(
    { name: "get_issue", arguments: { number: 1 } },
    { toolCallId: "call_issue_2" },
  );
  step.check(
    mcp.status === "blocked" && mcp.reason === KILL_SWITCH_REASON,
    `MCP get_issue refused: ${KILL_SWITCH_REASON}`,
  );

  const readsBefore = agent.executed.length;
  const run = await agent.run(
    [{ toolCallId: "call_read_2", toolName: "read_file", input: { path: "README.md" } }],
    "Read the README again.",
  );
  const read = run.outcomes.get("call_read_2");
  step.check(
    read?.status === "blocked" && read.reason === KILL_SWITCH_REASON,
    `AI SDK read_file refused: ${KILL_SWITCH_REASON}`,
  );
  step.check(agent.executed.length === readsBefore, "read_file did not run");
  step.check(
    !context.server.mock.control
      .state()
      .upstreamRequests.some((row) => JSON.stringify(row.body ?? null).includes("get_issue")),
    "the MCP server never received get_issue",
  );
  step.evaluated(mcp.auditLogId);
  step.evaluated(read?.auditLogId);
  const statuses = [mcp.status, read?.status ?? "no outcome"];
  return step.finish(statuses.every((status) => status === "blocked") ? "blocked" : statuses.join(", "));
}
