import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolRequest, CallToolResult, Implementation } from "@modelcontextprotocol/sdk/types.js";
import {
  type ApprovalStatus,
  createGuard,
  createSentrailClient,
  type FetchFunction,
  type GuardApprovalHandle,
  type GuardEvaluate,
  type GuardOutcome,
  type GuardPendingEvent,
  type GuardPollingOptions,
  type GuardStore,
  type GuardToolOptions,
  type KillSwitchState,
} from "@sentrail/client";
import { createMcpGateTransport } from "./create-mcp-gate-transport";
import { createMcpGuardTools } from "./create-mcp-guard-tools";
import { type GateToolCallReading, readGateToolCall } from "./read-gate-tool-call";
import { type McpGateEndpointOptions, resolveMcpGateUrl } from "./resolve-mcp-gate-url";

/** The MCP SDK's default request timeout; the gate itself gives up on an upstream after 30 s (§11). */
const DEFAULT_CALL_TIMEOUT_MS = 60_000;
const CLIENT_INFO: Implementation = { name: "sentrail-mcp-gate-client", version: "0.1.0" };

/**
 * Options of {@link connectMcpGate}. Give one of `url`, `baseUrl`, `projectRef`.
 *
 * @example
 * ```ts
 * const options: ConnectMcpGateOptions = {
 *   apiKey: process.env.SENTRAIL_API_KEY!,
 *   projectRef: "abcd1234",
 *   agentId: "release-bot",
 *   approvalTimeoutMs: 15 * 60_000,
 * };
 * ```
 */
export interface ConnectMcpGateOptions extends McpGateEndpointOptions {
  /** The agent's `agk_` key (scope `mcp`, or `evaluate`). Sent only in `Authorization`; never logged. */
  apiKey: string;
  /** Sent as `X-Agent-Id` on every request (audit rows, approvals, `allowedAgents` policies). */
  agentId?: string;
  /** Extra headers on every request; `Authorization` is ignored. */
  headers?: Record<string, string>;
  /**
   * `fetch` for the gate and the status polls (undici's, MSW's, an edge runtime's); default the global
   * one, looked up per request. Must pass `init` on. The gate's requests reach it as `(url, init)`.
   */
  fetch?: FetchFunction;
  /**
   * The `Request` class that goes with `fetch` (undici's `Request` with undici's `fetch`), for the
   * status polls, which `@sentrail/client` builds as requests. Without it, a custom `fetch` receives
   * `(url, init)` there too.
   */
  Request?: typeof Request;
  /** What this client tells the gate in `initialize`. Default `sentrail-mcp-gate-client`. */
  clientInfo?: Implementation;
  /** Limit of each JSON-RPC request (initialize, tools/list, tools/call). Default 60 000 ms. */
  callTimeoutMs?: number;
  /** How long `callTool` waits for a reviewer. Default 10 minutes; the approval itself lives 24 h. */
  approvalTimeoutMs?: number;
  /**
   * Per tool name: how long to wait for a reviewer. (The gate decides and runs the call, so the
   * guard's other per-tool settings, such as fail-open or shadow mode, do not apply here.)
   */
  tools?: Record<string, Pick<GuardToolOptions, "approvalTimeoutMs">>;
  /** Status-poll schedule (1 s ×1.5 ≤ 10 s ±20 % by default) and test seams. */
  polling?: GuardPollingOptions;
  /** Where the exactly-once records of calls with a `toolCallId` live. Default in memory (1000 calls). */
  store?: GuardStore;
}

/**
 * Progress of a held call, reported after each status poll that still shows it pending (and once,
 * with `polls: 0`, when the wait starts).
 *
 * @example
 * ```ts
 * const onProgress = (progress: McpGateProgress) =>
 *   console.log(`waiting for approval ${progress.approvalRequestId} (${Math.round(progress.elapsedMs / 1000)} s)`);
 * ```
 */
export interface McpGateProgress {
  toolName: string;
  approvalRequestId: string;
  correlationId: string;
  /** Sentrail's reason for holding the call, e.g. `Policy 'Review MCP writes' matched`. */
  reason: string;
  /** The last poll's status; `null` before the first poll. */
  status: ApprovalStatus | null;
  killSwitch: KillSwitchState | null;
  polls: number;
  elapsedMs: number;
}

/**
 * Options of one decision-aware `callTool`.
 *
 * @example
 * ```ts
 * await gate.callTool({ name: "create_issue", arguments: { title: "Bug" } }, { signal, toolCallId: "call_1", onProgress });
 * ```
 */
export interface McpGateCallOptions {
  /** Cancels the call or the approval wait; the outcome is then `aborted`. */
  signal?: AbortSignal;
  /**
   * The host's id for this call. A retry with the same id and arguments attaches to the running call
   * or returns its settled outcome: one `tools/call`, one approval, one execution.
   */
  toolCallId?: string;
  /** Called while the call waits for approval. A throwing callback is reported and ignored. */
  onProgress?: (progress: McpGateProgress) => void;
  /**
   * How long this call waits for a reviewer; overrides the connection's and the tool's. `0` looks once:
   * a held call then ends `timed_out` at once, with `resume` set for {@link McpGateConnection.resumeCall}.
   */
  approvalTimeoutMs?: number;
}

/**
 * How a call through the gate ended: the guard's outcome, a union on `status`. `executed` carries the
 * upstream's `CallToolResult` (`via: "guard"` when the gate forwarded it at once, `via:
 * "sentrail_replay"` when Sentrail replayed it after approval); every other status says why it did
 * not run, with `reason`, `sideEffect`, `retrySafe`, `message` and the ids.
 *
 * @example
 * ```ts
 * const outcome: McpGateCallOutcome = await gate.callTool({ name: "get_issue", arguments: { number: 1 } });
 * if (outcome.status === "executed") console.log(outcome.result.content);
 * ```
 */
export type McpGateCallOutcome = GuardOutcome<CallToolResult>;

/**
 * A live connection to mcp-gate.
 *
 * @example
 * ```ts
 * const gate: McpGateConnection = await connectMcpGate({ apiKey, projectRef: "abcd1234" });
 * const { tools } = await gate.client.listTools();
 * ```
 */
export interface McpGateConnection {
  /** The MCP SDK client, connected to the gate: `listTools`, `ping`, or hand it to a host. Its own `callTool` is the plain one. */
  readonly client: Client;
  /**
   * Calls a tool through the gate and follows Sentrail's decision: allowed → the upstream's result;
   * blocked → `blocked` with reason and ids; held → waits on the status endpoint and returns the
   * replay's result when Sentrail executes it (the tool is never called a second time); denied,
   * expired, failed, timed out, kill switch, aborted → that outcome. Never rejects for any of these;
   * an unreachable gate, a 401 or a 424 is `unavailable`, with the `SentrailError` in `error`.
   */
  callTool(params: CallToolRequest["params"], options?: McpGateCallOptions): Promise<McpGateCallOutcome>;
  /**
   * Takes over a held call from its handle (an outcome's `resume`), in this process or one started
   * later: waits for Sentrail's decision and returns the replay's result when Sentrail runs it (the
   * stored call is never sent to the gate again), or why it did not run. `params` must be the call the
   * handle was made for (same tool and arguments); other arguments, or a value that is not a handle,
   * reject with a `TypeError` and nothing is sent.
   */
  resumeCall(
    params: CallToolRequest["params"],
    handle: GuardApprovalHandle,
    options?: Omit<McpGateCallOptions, "toolCallId">,
  ): Promise<McpGateCallOutcome>;
  /** Closes the MCP client. Waits in progress end as `aborted` only through their own signals. */
  close(): Promise<void>;
}

/**
 * Connects an MCP SDK `Client` to Sentrail's mcp-gate over streamable HTTP (`…/mcp-gate/sse`, the
 * key and agent id as headers) and adds a decision-aware `callTool` built on the guard of
 * `@sentrail/client`: one `tools/call` to the gate, then the gate's decision drives the guard (`replay:
 * "sentrail"`), which waits for approvals with `waitForApproval({ until: "execution" })`, bounded,
 * cancellable and ended by the kill switch.
 *
 * How it fails: a wrong key (401) rejects with `SentrailAuthenticationError`, an unreachable gate with
 * `SentrailUnavailableError`; a bad `url` throws a `TypeError`. `tools/list` without a connected
 * upstream rejects with a `SentrailError` whose `status` is 424.
 *
 * @example
 * ```ts
 * import { connectMcpGate } from "@sentrail/mcp-gate-client";
 *
 * const gate = await connectMcpGate({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234", agentId: "triage-bot" });
 * const outcome = await gate.callTool(
 *   { name: "create_issue", arguments: { title: "Flaky test" } },
 *   { onProgress: (progress) => console.log("awaiting approval", progress.approvalRequestId) },
 * );
 * if (outcome.status === "executed") console.log(outcome.result.content);
 * else console.log(outcome.status, outcome.reason);
 * await gate.close();
 * ```
 */
export async function connectMcpGate(options: ConnectMcpGateOptions): Promise<McpGateConnection> {
  const { gateUrl, baseUrl } = resolveMcpGateUrl(options);
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const sentrail = createSentrailClient({
    apiKey: options.apiKey,
    baseUrl,
    agentId: options.agentId,
    headers: options.headers,
    fetch: options.fetch,
    Request: options.Request,
  });
  const client = new Client(options.clientInfo ?? CLIENT_INFO);
  const transport = createMcpGateTransport({
    gateUrl,
    apiKey: options.apiKey,
    agentId: options.agentId,
    headers: options.headers,
    fetch: options.fetch,
  });
  await client.connect(transport, { timeout: callTimeoutMs });

  const progressListeners = new Map<string, (event: GuardPendingEvent) => void>();
  const registry = createMcpGuardTools(options.tools);
  const guard = createGuard({
    client: sentrail,
    agentId: options.agentId,
    tools: registry.tools,
    replay: "sentrail",
    approvalTimeoutMs: options.approvalTimeoutMs,
    evaluateTimeoutMs: callTimeoutMs,
    polling: options.polling,
    store: options.store,
    onPending: (event) => progressListeners.get(event.correlationId)?.(event),
  });

  async function callTool(
    params: CallToolRequest["params"],
    callOptions: McpGateCallOptions = {},
  ): Promise<McpGateCallOutcome> {
    registry.register(params.name);
    let reading: GateToolCallReading<CallToolResult> | undefined;
    let heldAs: string | undefined;
    // The gate is the decision: the call goes out once, and its answer is read as an evaluation.
    const evaluate: GuardEvaluate = async (_input, requestOptions) => {
      const answer = await client
        .callTool(params, undefined, {
          signal: requestOptions.signal,
          timeout: requestOptions.timeoutMs ?? callTimeoutMs,
        })
        .then(
          (result) => ({ result: result as CallToolResult }),
          (error: unknown) => ({ error }),
        );
      reading = readGateToolCall(answer);
      const { evaluation } = reading;
      const { onProgress } = callOptions;
      if (evaluation.decision === "require_approval" && onProgress) {
        heldAs = evaluation.correlationId;
        progressListeners.set(heldAs, (event) => onProgress(toProgress(event)));
      }
      return evaluation;
    };
    // Runs only for an allowed call: the gate already forwarded it, so this hands over what came back.
    // Approved calls never get here (replay "sentrail": Sentrail runs the stored call itself).
    const handOver = (): CallToolResult => {
      if (reading && "result" in reading) return reading.result;
      if (reading && "upstreamError" in reading) throw reading.upstreamError;
      throw new Error("mcp-gate answered no result to hand over");
    };
    try {
      const outcome = await guard.run(
        { toolName: params.name, input: params.arguments ?? {}, toolCallId: callOptions.toolCallId },
        handOver,
        { ...resumeRunOptions(callOptions), evaluate },
      );
      return withReadableIds(outcome);
    } finally {
      if (heldAs !== undefined) progressListeners.delete(heldAs);
    }
  }

  async function resumeCall(
    params: CallToolRequest["params"],
    handle: GuardApprovalHandle,
    callOptions: Omit<McpGateCallOptions, "toolCallId"> = {},
  ): Promise<McpGateCallOutcome> {
    if (handle?.toolName !== params.name) {
      throw new TypeError("resumeCall: the handle belongs to another tool; nothing was sent");
    }
    registry.register(params.name);
    const { onProgress } = callOptions;
    if (onProgress)
      progressListeners.set(handle.evaluation.correlationId, (event) => onProgress(toProgress(event)));
    try {
      const outcome = await guard.resume(
        handle,
        params.arguments ?? {},
        () => {
          throw new Error("mcp-gate replays approved calls itself; nothing is handed over on resume");
        },
        resumeRunOptions(callOptions),
      );
      return withReadableIds(outcome as GuardOutcome<CallToolResult>);
    } finally {
      if (onProgress) progressListeners.delete(handle.evaluation.correlationId);
    }
  }

  return { client, callTool, resumeCall, close: () => client.close() };
}

function resumeRunOptions(options: { signal?: AbortSignal; approvalTimeoutMs?: number }): {
  signal?: AbortSignal;
  approvalTimeoutMs?: number;
} {
  const runOptions: { signal?: AbortSignal; approvalTimeoutMs?: number } = {};
  if (options.signal) runOptions.signal = options.signal;
  if (options.approvalTimeoutMs !== undefined) runOptions.approvalTimeoutMs = options.approvalTimeoutMs;
  return runOptions;
}

function toProgress(event: GuardPendingEvent): McpGateProgress {
  return {
    toolName: event.toolName,
    approvalRequestId: event.approvalRequestId,
    correlationId: event.correlationId,
    reason: event.reason,
    status: event.update?.status ?? null,
    killSwitch: event.update?.killSwitch ?? null,
    polls: event.update?.polls ?? 0,
    elapsedMs: event.update?.elapsedMs ?? 0,
  };
}

/**
 * The gate's answer to an allowed call carries no ids (they are `""` in the evaluation): report them
 * as `null`, like every other id Sentrail did not send. A replayed result is Sentrail's stored
 * `execution_result`; one that is not a `CallToolResult` is handed over as JSON text.
 */
function withReadableIds(outcome: GuardOutcome<CallToolResult>): McpGateCallOutcome {
  const ids = {
    auditLogId: outcome.auditLogId || null,
    correlationId: outcome.correlationId || null,
  };
  if (outcome.status === "executed") return { ...outcome, ...ids, result: asCallToolResult(outcome.result) };
  return { ...outcome, ...ids };
}

function asCallToolResult(value: unknown): CallToolResult {
  if (typeof value === "object" && value !== null && Array.isArray((value as CallToolResult).content)) {
    return value as CallToolResult;
  }
  return { content: [{ type: "text", text: JSON.stringify(value ?? null) }] };
}
