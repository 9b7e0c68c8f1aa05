import { asJsonObject } from "../engine/as-json-object.js";
import { classifyMcpToolName } from "../engine/classify-mcp-tool-name.js";
import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import type { ToolConnection, Workspace } from "../engine/engine-types.js";
import { parseBoundedJson } from "../engine/parse-bounded-json.js";
import { readJsonRpcReply } from "../engine/read-json-rpc-reply.js";
import { resolveUpstreamAccess, type UpstreamAccess } from "../engine/resolve-upstream-access.js";
import { runEvaluation } from "../engine/run-evaluation.js";
import { writeAuditRow } from "../engine/write-audit-row.js";
import { decisionHeaders } from "./decision-headers.js";
import { CORS_HEADERS, errorResponse } from "./json-response.js";
import { jsonRpcResponse } from "./json-rpc-response.js";

const UPSTREAM_TIMEOUT_MS = 30_000;
const UPSTREAM_ACCEPT = "application/json, text/event-stream";

/**
 * `POST /functions/v1/mcp-gate/sse` (§4.4, §11): method (405) → key with scope `mcp` or `evaluate`
 * (401) → JSON (`400` / `-32700`) → the method allow-list:
 *
 * - `initialize` and `ping` are answered here; `notifications/initialized` is acknowledged `202`;
 * - `tools/list` is forwarded upstream and its `result` cached 60 s per workspace + connection;
 * - `tools/call` needs `params.name` (`-32602`), is classified from the tool name and evaluated:
 *   allow → forwarded and the upstream answer returned unchanged; block → `-32001`; require_approval →
 *   a `result` with `isError: true` and `_meta.sentrail`, the call stored for replay;
 * - batches → `-32600`; other notifications → `202`; other methods → `-32601`; both audited as
 *   `unknown_method_blocked`.
 *
 * `tools/*` without an MCP connection → `424`; an upstream that fails → `-32000` "Upstream MCP
 * server error". Answers are JSON, or one SSE frame when `Accept` lists only `text/event-stream`.
 *
 * @example
 * await handleMcpGate(engine, new Request(url, { method: "POST", headers, body: JSON.stringify(rpc) }));
 */
export async function handleMcpGate(engine: SentrailEngine, request: Request): Promise<Response> {
  if (request.method !== "POST") return errorResponse(405, "Method not allowed");
  const key = await engine.apiKeys.authenticate(request.headers.get("authorization"), ["mcp", "evaluate"]);
  const workspace = key ? engine.workspaces.getWorkspace(key.workspace_id) : undefined;
  if (!workspace) return errorResponse(401, "Invalid or expired API key");

  const accept = request.headers.get("accept");
  const reply = (status: number, message: unknown, headers?: Record<string, string>) =>
    jsonRpcResponse(status, message, accept, headers);
  const text = await request.text();
  let parsed: unknown;
  try {
    // Nesting deeper than MAX_JSON_DEPTH is a parse error too: nothing over-deep reaches the audit log.
    parsed = parseBoundedJson(text);
  } catch {
    return reply(400, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
  }
  if (Array.isArray(parsed)) {
    return reply(200, {
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "Batch requests are not supported" },
    });
  }
  const message = asJsonObject(parsed);
  const rawId = message?.id;
  const id = typeof rawId === "string" || typeof rawId === "number" ? rawId : null;
  if (!message || typeof message.method !== "string") {
    return reply(200, { jsonrpc: "2.0", id, error: { code: -32600, message: "Invalid Request" } });
  }
  const method = message.method;
  const agentId = request.headers.get("x-agent-id") || null;
  const isNotification = !("id" in message);

  if (method === "notifications/initialized")
    return new Response(null, { status: 202, headers: { ...CORS_HEADERS } });
  if (isNotification) {
    auditUnknownMethod(engine, workspace, agentId, method);
    return new Response(null, { status: 202, headers: { ...CORS_HEADERS } });
  }
  switch (method) {
    case "initialize":
      return reply(200, {
        jsonrpc: "2.0",
        id,
        result: {
          protocolVersion: "2024-11-05",
          capabilities: { tools: { listChanged: false } },
          serverInfo: { name: "sentrail-mcp-gate", version: "1.0.0" },
        },
      });
    case "ping":
      return reply(200, { jsonrpc: "2.0", id, result: {} });
    case "tools/list": {
      const upstream = mcpUpstream(engine, workspace);
      if (!upstream) return reply(424, noServerError(id));
      const cacheKey = `${workspace.id}|${upstream.connection.id}|${upstream.access.baseUrl}|${upstream.connection.mcpAuthType}`;
      const cached = engine.toolsListCache.get(cacheKey);
      if (cached !== undefined) return reply(200, { jsonrpc: "2.0", id, result: cached });
      const answer = await callUpstream(engine, upstream.access, text);
      if (!answer) return reply(200, upstreamError(id));
      if ("result" in answer) {
        engine.toolsListCache.set(cacheKey, answer.result);
        return reply(200, { jsonrpc: "2.0", id, result: answer.result });
      }
      return reply(200, { jsonrpc: "2.0", id, error: answer.error });
    }
    case "tools/call": {
      const params = asJsonObject(message.params);
      const name = params?.name;
      if (typeof name !== "string" || name.length === 0) {
        return reply(200, {
          jsonrpc: "2.0",
          id,
          error: { code: -32602, message: "Invalid params: tools/call requires params.name" },
        });
      }
      const upstream = mcpUpstream(engine, workspace);
      if (!upstream) return reply(424, noServerError(id));
      const classification = classifyMcpToolName(name);
      const outcome = await runEvaluation(engine, {
        workspace,
        tool: "mcp",
        action: name,
        riskLevel: classification.riskLevel,
        riskClassification: "server_classified",
        agentId,
        resourceType: null,
        resourceId: null,
        mcpToolName: name,
        requestedBy: agentId,
        payload: { tool: name, arguments: params?.arguments ?? {} },
        source: "mcp",
        deferred: {
          targetUrl: upstream.access.baseUrl,
          method: "POST",
          headers: { "content-type": "application/json", accept: UPSTREAM_ACCEPT },
          body: text,
        },
        createsApproval: true,
        checkAgent: true,
      });
      const headers = decisionHeaders(outcome.decision, outcome.auditLogId, outcome.correlationId);
      if (outcome.decision === "block") {
        return reply(
          200,
          {
            jsonrpc: "2.0",
            id,
            error: {
              code: -32001,
              message: `Blocked by Sentrail policy: ${outcome.reason}`,
              data: {
                decision: "block",
                reason: outcome.reason,
                auditLogId: outcome.auditLogId,
                correlationId: outcome.correlationId,
              },
            },
          },
          headers,
        );
      }
      if (outcome.decision === "require_approval") {
        const pollUrl = `/functions/v1/gateway-proxy/status/${outcome.correlationId}`;
        return reply(
          200,
          {
            jsonrpc: "2.0",
            id,
            result: {
              content: [
                {
                  type: "text",
                  text: `Sentrail: this tool call requires human approval (${outcome.reason}). Approval request ${outcome.approvalRequestId} is pending; poll ${pollUrl}.`,
                },
              ],
              isError: true,
              _meta: {
                sentrail: {
                  status: "require_approval",
                  reason: outcome.reason,
                  approvalRequestId: outcome.approvalRequestId,
                  auditLogId: outcome.auditLogId,
                  correlationId: outcome.correlationId,
                  pollUrl,
                },
              },
            },
          },
          headers,
        );
      }
      const answer = await callUpstream(engine, upstream.access, text);
      if (!answer) return reply(200, upstreamError(id));
      return reply(200, answer, headers);
    }
    default:
      auditUnknownMethod(engine, workspace, agentId, method);
      return reply(200, {
        jsonrpc: "2.0",
        id,
        error: { code: -32601, message: `Method not allowed by Sentrail: ${method}` },
      });
  }
}

/** The workspace's MCP connection and how to reach it; null when it has none (→ 424). */
function mcpUpstream(
  engine: SentrailEngine,
  workspace: Workspace,
): { connection: ToolConnection; access: UpstreamAccess } | null {
  const connection = engine.workspaces.getConnection(workspace.id, "mcp");
  if (!connection || connection.isPlaceholder) return null;
  return { connection, access: resolveUpstreamAccess(connection) };
}

/**
 * POSTs the JSON-RPC message upstream; resolves the reply message when the upstream answered 2xx with
 * a JSON-RPC `result` or `error`, null for a network error, timeout, non-2xx or unreadable answer.
 */
async function callUpstream(
  engine: SentrailEngine,
  access: UpstreamAccess,
  body: string,
): Promise<Record<string, unknown> | null> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: UPSTREAM_ACCEPT };
  if (access.authorization !== null) headers.authorization = access.authorization;
  try {
    const response = await engine.upstream.send(
      { tool: "mcp", method: "POST", url: access.baseUrl, headers, body, useFake: access.useFake },
      { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) },
    );
    if (response.status < 200 || response.status >= 300) return null;
    const message = readJsonRpcReply(response.body);
    return message && ("result" in message || "error" in message) ? message : null;
  } catch {
    return null;
  }
}

function auditUnknownMethod(
  engine: SentrailEngine,
  workspace: Workspace,
  agentId: string | null,
  method: string,
) {
  writeAuditRow(engine, {
    workspace,
    agentName: agentId,
    tool: "mcp",
    action: "unknown_method_blocked",
    decision: "block",
    riskLevel: "high",
    matchedPolicyId: null,
    resourceType: null,
    resourceId: null,
    requestedBy: agentId,
    payload: { method },
    source: "mcp",
    reason: `Method not allowed by Sentrail: ${method}`,
  });
}

function noServerError(id: string | number | null) {
  return {
    jsonrpc: "2.0",
    id,
    error: { code: -32000, message: "No MCP server connected for this workspace" },
  };
}

function upstreamError(id: string | number | null) {
  return { jsonrpc: "2.0", id, error: { code: -32000, message: "Upstream MCP server error" } };
}
