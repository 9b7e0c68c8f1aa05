import type { ActionClassification } from "../engine/action-classification.js";
import { canonicalGithubPath } from "../engine/canonical-github-path.js";
import { classifyGithubRequest } from "../engine/classify-github-request.js";
import { classifyLinearRequest } from "../engine/classify-linear-request.js";
import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { exceedsJsonDepth } from "../engine/exceeds-json-depth.js";
import { resolveUpstreamAccess } from "../engine/resolve-upstream-access.js";
import { runEvaluation } from "../engine/run-evaluation.js";
import { decisionHeaders } from "./decision-headers.js";
import { CORS_HEADERS, errorResponse, jsonResponse } from "./json-response.js";
import { pickForwardedHeaders } from "./pick-forwarded-headers.js";

/** Largest accepted request body (decision G26). */
export const MAX_GATEWAY_BODY_BYTES = 1_048_576;
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const UPSTREAM_TIMEOUT_MS = 30_000;
/** Upstream response headers that describe a hop, not the body we pass on. */
const HOP_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "upgrade",
]);

/**
 * `{METHOD} /functions/v1/gateway-proxy/{tool}/{path...}` (§4.2). In order: method (405; GET, POST,
 * PUT, PATCH, DELETE) → key with scope `gateway` (401) → `Unsupported tool`, `Missing path`,
 * `Request body too large` (> 1 MiB), `Invalid JSON body` (JSON content type, unparsable), `Tool not
 * connected` (before evaluation), `Invalid GraphQL request` (Linear) → classification from method +
 * path (+ body) → evaluation → `403` block / `202` approval (deferred call stored without
 * credentials) / forward with the tool's token and pass the upstream status, body and headers through,
 * plus the three `X-Sentrail-*` headers. Nothing answering upstream → `502 "Upstream request failed"`
 * (the audit row stays `allow`).
 *
 * A GitHub path is forwarded, stored as the deferred `target_url` and hashed in its canonical form
 * (`canonicalGithubPath`: decoded segments re-encoded one by one, query kept verbatim), so what is
 * classified and approved is exactly what the upstream receives; a path that is empty once read
 * (`%2F`) is `Missing path`.
 *
 * @example
 * await handleGatewayProxy(engine, request, ["github", "repos", "o", "r", "issues"]);
 */
export async function handleGatewayProxy(
  engine: SentrailEngine,
  request: Request,
  segments: string[],
): Promise<Response> {
  const method = request.method.toUpperCase();
  if (!METHODS.has(method)) return errorResponse(405, "Method not allowed");
  const key = await engine.apiKeys.authenticate(request.headers.get("authorization"), ["gateway"]);
  const workspace = key ? engine.workspaces.getWorkspace(key.workspace_id) : undefined;
  if (!workspace) return errorResponse(401, "Invalid or expired API key");

  const tool = segments[0];
  if (tool !== "github" && tool !== "linear") return errorResponse(400, "Unsupported tool");
  const receivedPath = segments.slice(1).join("/");
  // GitHub: the path forwarded, stored and hashed is the one the classifier reads (decision 16):
  // `repos%2Fo%2Fr%2Fissues` goes upstream as `repos/o/r/issues`. A path no reader can route (null)
  // goes as received and is classified fail-safe. Linear is classified from the body alone.
  const canonical = tool === "github" ? canonicalGithubPath(receivedPath) : null;
  const path = canonical ?? receivedPath;
  if (path.length === 0) return errorResponse(400, "Missing path");
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (declaredLength > MAX_GATEWAY_BODY_BYTES) return errorResponse(400, "Request body too large");
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_GATEWAY_BODY_BYTES) return errorResponse(400, "Request body too large");
  const text = new TextDecoder().decode(bytes);
  const isJson = /[/+]json\b/i.test(request.headers.get("content-type") ?? "");
  let parsed: unknown;
  if (text.trim().length > 0) {
    // Over-deep nesting (MAX_JSON_DEPTH) is refused whatever the content type: nothing may store it.
    if (exceedsJsonDepth(text)) return errorResponse(400, "Invalid JSON body");
    try {
      parsed = JSON.parse(text);
    } catch {
      if (isJson) return errorResponse(400, "Invalid JSON body");
    }
  }

  const connection = engine.workspaces.getConnection(workspace.id, tool);
  const access = connection && !connection.isPlaceholder ? resolveUpstreamAccess(connection) : null;
  if (!access || access.authorization === null) return errorResponse(400, "Tool not connected");

  let classification: ActionClassification | null;
  if (tool === "github") classification = classifyGithubRequest(method, path, parsed);
  else classification = classifyLinearRequest(parsed);
  if (!classification) return errorResponse(400, "Invalid GraphQL request");

  const url = new URL(request.url);
  const targetUrl = `${access.baseUrl}/${path}${url.search}`;
  const forwarded = pickForwardedHeaders(request.headers);
  const body = text.length > 0 ? text : null;
  const agentId = request.headers.get("x-agent-id") || null;
  const outcome = await runEvaluation(engine, {
    workspace,
    tool,
    action: classification.action,
    riskLevel: classification.riskLevel,
    riskClassification: "server_classified",
    agentId,
    resourceType: classification.resourceType,
    resourceId: classification.resourceId,
    mcpToolName: null,
    requestedBy: agentId,
    payload: parsed !== undefined ? parsed : body !== null ? { _raw: body } : null,
    source: "gateway",
    deferred: { targetUrl, method, headers: forwarded, body },
    createsApproval: true,
    checkAgent: true,
  });
  const headers = decisionHeaders(outcome.decision, outcome.auditLogId, outcome.correlationId);

  if (outcome.decision === "block") {
    return jsonResponse(
      403,
      {
        ok: false,
        decision: "block",
        reason: outcome.reason,
        auditLogId: outcome.auditLogId,
        correlationId: outcome.correlationId,
        matchedPolicyId: outcome.matchedPolicyId,
      },
      headers,
    );
  }
  if (outcome.decision === "require_approval") {
    return jsonResponse(
      202,
      {
        ok: true,
        decision: "require_approval",
        reason: outcome.reason,
        approvalRequestId: outcome.approvalRequestId,
        auditLogId: outcome.auditLogId,
        correlationId: outcome.correlationId,
        pollUrl: `/functions/v1/gateway-proxy/status/${outcome.correlationId}`,
        matchedPolicyId: outcome.matchedPolicyId,
      },
      headers,
    );
  }

  let upstream: Awaited<ReturnType<SentrailEngine["upstream"]["send"]>>;
  try {
    upstream = await engine.upstream.send(
      {
        tool,
        method,
        url: targetUrl,
        headers: { ...forwarded, authorization: access.authorization },
        body,
        useFake: access.useFake,
      },
      { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) },
    );
  } catch {
    return errorResponse(502, "Upstream request failed", {
      "X-Sentrail-AuditLogId": outcome.auditLogId,
      "X-Sentrail-CorrelationId": outcome.correlationId,
    });
  }
  if (upstream.status < 200 || upstream.status > 599) {
    return errorResponse(502, "Upstream request failed", {
      "X-Sentrail-AuditLogId": outcome.auditLogId,
      "X-Sentrail-CorrelationId": outcome.correlationId,
    });
  }
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(upstream.headers)) {
    const lower = name.toLowerCase();
    if (!HOP_HEADERS.has(lower) && !lower.startsWith("access-control-")) responseHeaders.set(lower, value);
  }
  for (const [name, value] of Object.entries({ ...CORS_HEADERS, ...headers }))
    responseHeaders.set(name, value);
  const noBody = upstream.status === 204 || upstream.status === 205 || upstream.status === 304;
  return new Response(noBody ? null : upstream.body, { status: upstream.status, headers: responseHeaders });
}
