import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  createGuard,
  type GuardDecisionEvent,
  type GuardFailMode,
  type GuardMode,
  type GuardOutcome,
  type GuardPendingEvent,
  type GuardPollingOptions,
  type GuardToolOptions,
  type SentrailClient,
} from "@sentrail/client";
import { createMcpGuardTools } from "./create-mcp-guard-tools";
import { toMcpCallToolResult } from "./to-mcp-call-tool-result";

/**
 * Options of {@link gateMcpClient}. Only `sentrail` is required.
 *
 * @example
 * ```ts
 * const options: GateMcpClientOptions = {
 *   sentrail: createSentrailClient({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" }),
 *   agentId: "local-files-agent",
 *   tools: { remove_file: { approvalTimeoutMs: 30 * 60_000 } },
 * };
 * ```
 */
export interface GateMcpClientOptions {
  /** The agent client of `@sentrail/client` (`createSentrailClient`), key with scope `evaluate`. */
  sentrail: Pick<SentrailClient, "evaluateAction" | "waitForApproval">;
  /** Sent as `agentId` in every evaluation. */
  agentId?: string;
  /** Per MCP tool name: evaluation fields (e.g. `riskLevel`), `mode`, `failMode`, `approvalTimeoutMs`. */
  tools?: Record<string, GuardToolOptions>;
  /** `enforce` (default) or `shadow` (run at once, only report what Sentrail would have done). */
  mode?: GuardMode;
  /** `closed` (default: Sentrail unreachable → the tool does not run) or `open`. */
  failMode?: GuardFailMode;
  /** How long a call waits for a reviewer. Default 10 minutes. */
  approvalTimeoutMs?: number;
  /** Limit of each evaluate-action request. Default: the Sentrail client's (10 s). */
  evaluateTimeoutMs?: number;
  /** Status-poll schedule and test seams. */
  polling?: GuardPollingOptions;
  /** After each evaluation, with what the guard does about it. */
  onDecision?: (event: GuardDecisionEvent) => void;
  /** When a call starts waiting for approval, and after each poll that still shows it pending. */
  onPending?: (event: GuardPendingEvent) => void;
  /** Once per settled call, with the full outcome. */
  onSettled?: (outcome: GuardOutcome) => void;
}

/**
 * Wraps an MCP SDK `Client` so that every `callTool` is decided by Sentrail before it reaches the
 * server: for MCP servers that cannot sit behind mcp-gate, such as local stdio servers. Each call goes
 * through the guard of `@sentrail/client` as an evaluate-action request with `tool: "mcp"`, `action`
 * = the tool name, the risk from the contract's name rule (§6.3) and the arguments as payload:
 * allowed → forwarded; blocked, denied, expired, timed out, kill switch, Sentrail unreachable → not
 * forwarded, answered with an `isError` result whose text tells the model what happened and whether a
 * retry is safe ({@link toMcpCallToolResult}); approval required → waits, then forwards once.
 *
 * Returns a proxy of the same client (same type, `instanceof` holds): every other method (`listTools`,
 * `ping`, `close`, …) is the client's own. A call the server itself fails still rejects as it would
 * without the wrapper. Unlike mcp-gate, the tool's arguments are checked here, on the agent's machine:
 * this is enforcement by your process, not by Sentrail's cloud.
 *
 * @example
 * ```ts
 * import { Client } from "@modelcontextprotocol/sdk/client/index.js";
 * import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
 * import { createSentrailClient } from "@sentrail/client";
 * import { gateMcpClient } from "@sentrail/mcp-gate-client";
 *
 * const files = new Client({ name: "agent", version: "1.0.0" });
 * await files.connect(new StdioClientTransport({ command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "."] }));
 * const gated = gateMcpClient(files, {
 *   sentrail: createSentrailClient({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" }),
 *   agentId: "files-agent",
 * });
 * const result = await gated.callTool({ name: "read_file", arguments: { path: "README.md" } });
 * ```
 */
export function gateMcpClient<TClient extends Client>(
  client: TClient,
  options: GateMcpClientOptions,
): TClient {
  const registry = createMcpGuardTools(options.tools);
  const guard = createGuard({
    client: options.sentrail,
    agentId: options.agentId,
    tools: registry.tools,
    mode: options.mode,
    failMode: options.failMode,
    approvalTimeoutMs: options.approvalTimeoutMs,
    evaluateTimeoutMs: options.evaluateTimeoutMs,
    polling: options.polling,
    onDecision: options.onDecision,
    onPending: options.onPending,
    onSettled: options.onSettled,
  });

  const callTool: Client["callTool"] = async (params, resultSchema, requestOptions) => {
    registry.register(params.name);
    const outcome = await guard.run(
      { toolName: params.name, input: params.arguments ?? {} },
      ({ signal }) => client.callTool(params, resultSchema, { ...requestOptions, signal }),
      { signal: requestOptions?.signal },
    );
    // The server's own failure (protocol error, timeout) rejects, exactly as the unwrapped client would.
    if (outcome.status === "failed" && outcome.via === "guard") throw outcome.error;
    return toMcpCallToolResult(outcome as GuardOutcome<CallToolResult>);
  };

  return new Proxy(client, {
    get(target, property) {
      if (property === "callTool") return callTool;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
