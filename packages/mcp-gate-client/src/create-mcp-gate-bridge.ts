import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  type CallToolRequest,
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { GuardApprovalHandle } from "@sentrail/client";
import type {
  McpGateCallOptions,
  McpGateCallOutcome,
  McpGateConnection,
  McpGateProgress,
} from "./connect-mcp-gate";
import { toHeldCallKey } from "./to-held-call-key";
import { toMcpCallToolResult } from "./to-mcp-call-tool-result";

/**
 * Where the bridge keeps the handles of held calls (by tool name + canonical arguments, see
 * `McpGateBridgeOptions.heldCalls`), sync or async. The bin's `--state <file>` uses a JSON file; a
 * Redis hash or a database row works the same.
 *
 * @example
 * ```ts
 * const memory = new Map<string, GuardApprovalHandle>();
 * const heldCalls: McpGateHeldCalls = {
 *   get: (key) => memory.get(key),
 *   set: (key, handle) => void memory.set(key, handle),
 *   delete: (key) => void memory.delete(key),
 * };
 * ```
 */
export interface McpGateHeldCalls {
  get(key: string): GuardApprovalHandle | undefined | Promise<GuardApprovalHandle | undefined>;
  set(key: string, handle: GuardApprovalHandle): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/**
 * Options of {@link createMcpGateBridge}.
 *
 * @example
 * ```ts
 * const options: McpGateBridgeOptions = { onProgress: (progress) => console.error("awaiting", progress.approvalRequestId) };
 * ```
 */
export interface McpGateBridgeOptions {
  /** What the bridge tells its host in `initialize`. Default `sentrail-mcp-bridge`. */
  serverInfo?: { name: string; version: string };
  /** Called while a call waits for approval (e.g. to log to stderr). A throwing callback is ignored. */
  onProgress?: (progress: McpGateProgress) => void;
  /**
   * Keeps held calls across bridge restarts. A call that ends still held (`timed_out`, or cancelled by
   * the host while waiting) leaves its handle here under its tool name and canonical arguments; when
   * a `tools/call` with the same tool and arguments arrives later (the model calling again, in this
   * bridge process or one started later), the bridge resumes that handle (`resumeCall`) instead of
   * sending the call to the gate again: one approval request, Sentrail's one replay. The answer then
   * starts with a text block saying it is the earlier held call's result. A settled call's handle is
   * removed; the next identical call is a new call. Needs `gate.resumeCall`. Default: none (every
   * `tools/call` goes to the gate).
   */
  heldCalls?: McpGateHeldCalls;
}

/**
 * An MCP server (the MCP SDK's `McpServer`, not yet connected) that forwards `tools/list` and
 * `tools/call` to mcp-gate through a {@link McpGateConnection}, so a host that only speaks stdio
 * can use the gate. `initialize` and `ping` are answered by the SDK; resources and prompts are not
 * offered, as the gate does not allow them (§11).
 *
 * `tools/call` uses the decision-aware `callTool`: a held call waits for the reviewer here (the
 * host's request stays open), with a `notifications/progress` after every status poll when the host
 * sent a `progressToken` (hosts that reset their timeout on progress then wait as long as the
 * approval does). The answer is {@link toMcpCallToolResult}: the tool's result, or an `isError`
 * result saying why it did not run. A host's cancellation aborts the wait. `tools/list` failures
 * (424 no upstream, 401) reach the host as JSON-RPC errors with the gate's message, never the key.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
 * import { connectMcpGate, createMcpGateBridge } from "@sentrail/mcp-gate-client";
 *
 * const gate = await connectMcpGate({ apiKey: process.env.SENTRAIL_API_KEY!, projectRef: "abcd1234" });
 * await createMcpGateBridge(gate).connect(new StdioServerTransport());
 * ```
 */
export function createMcpGateBridge(
  gate: Pick<McpGateConnection, "client" | "callTool"> & Partial<Pick<McpGateConnection, "resumeCall">>,
  options: McpGateBridgeOptions = {},
): McpServer {
  const { heldCalls } = options;
  if (heldCalls && typeof gate.resumeCall !== "function") {
    throw new TypeError("createMcpGateBridge: heldCalls needs a gate with resumeCall");
  }
  const bridge = new McpServer(options.serverInfo ?? { name: "sentrail-mcp-bridge", version: "0.1.0" }, {
    capabilities: { tools: { listChanged: false } },
  });
  bridge.server.setRequestHandler(ListToolsRequestSchema, (request, extra) =>
    gate.client.listTools(request.params, { signal: extra.signal }),
  );
  bridge.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    const { _meta: _hostMeta, ...params } = request.params;
    const callOptions: McpGateCallOptions = {
      signal: extra.signal,
      onProgress(progress) {
        options.onProgress?.(progress);
        if (progressToken === undefined) return;
        const seconds = Math.round(progress.elapsedMs / 1000);
        void extra
          .sendNotification({
            method: "notifications/progress",
            params: {
              progressToken,
              progress: progress.polls,
              message: `Awaiting human approval in Sentrail (request ${progress.approvalRequestId}, ${seconds} s)`,
            },
          })
          .catch(() => undefined);
      },
    };
    if (!heldCalls || !gate.resumeCall) return toMcpCallToolResult(await gate.callTool(params, callOptions));
    return callKeepingHeld(params, callOptions, heldCalls, gate.callTool, gate.resumeCall);
  });
  return bridge;
}

/**
 * One `tools/call` with held-call state: resume the open handle of the same call if there is one,
 * else send it; then keep the handle of a call still held, or drop the one that settled.
 * State failures never stop the call: without readable state it is sent to the gate as usual.
 */
async function callKeepingHeld(
  params: CallToolRequest["params"],
  callOptions: McpGateCallOptions,
  heldCalls: McpGateHeldCalls,
  callTool: McpGateConnection["callTool"],
  resumeCall: McpGateConnection["resumeCall"],
): Promise<CallToolResult> {
  const key = await toHeldCallKey(params).catch(() => undefined);
  const handle =
    key === undefined ? undefined : await (async () => heldCalls.get(key))().catch(() => undefined);
  let outcome: McpGateCallOutcome | undefined;
  if (handle) {
    // A TypeError: the handle does not fit this call (a hand-edited state file); send the call afresh.
    outcome = await resumeCall(params, handle, callOptions).catch((error: unknown) => {
      if (error instanceof TypeError) return undefined;
      throw error;
    });
  }
  const resumed = outcome !== undefined;
  outcome ??= await callTool(params, callOptions);
  if (key !== undefined && (outcome.resume || handle)) {
    const { resume } = outcome;
    await (async () => (resume ? heldCalls.set(key, resume) : heldCalls.delete(key)))().catch(
      () => undefined,
    );
  }
  const result = toMcpCallToolResult(outcome);
  const content = [...result.content];
  if (resumed && handle) {
    content.unshift({
      type: "text",
      text: `This is the result of your earlier ${params.name} call with these same arguments, which Sentrail held for approval (request ${handle.evaluation.approvalRequestId}); it was not sent again.`,
    });
  }
  if (outcome.resume) {
    content.push({
      type: "text",
      text: `To get its result once a reviewer has decided, call ${params.name} again with exactly the same arguments; it will not be sent twice.`,
    });
  }
  return { ...result, content };
}
