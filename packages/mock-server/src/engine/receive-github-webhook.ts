import { asJsonObject } from "./as-json-object.js";
import type { SentrailEngine } from "./create-sentrail-engine.js";
import { createUuid } from "./create-uuid.js";
import type { RiskLevel, ToolConnection } from "./engine-types.js";
import { parseBoundedJson } from "./parse-bounded-json.js";
import { runEvaluation } from "./run-evaluation.js";
import { verifyWebhookSignature } from "./verify-webhook-signature.js";
import type { WebhookDelivery, WebhookResult } from "./webhook-result.js";

const READ_ONLY_EVENTS = new Set([
  "star",
  "watch",
  "fork",
  "status",
  "check_run",
  "check_suite",
  "workflow_run",
  "deployment_status",
]);
const HIGH_RISK_WORDS = ["delete", "deleted", "force", "destroy"];

/**
 * webhook-github (§4.7): parse the JSON, find the workspace whose GitHub connection lists
 * `repository.full_name` in `config.repos` (or whose `config.org` is the organization login), verify
 * `X-Hub-Signature-256: sha256=<hex>` with that connection's `webhook_secret`, then evaluate
 * observationally (`source: "webhook"`, never creates approval requests; a block fires `rogueAction`).
 * Unmatched events and `ping` are stored unprocessed, bounded by the event log (payload truncated like
 * a payload preview, newest 1,000 kept). A body that is not a JSON object or nests deeper than
 * `MAX_JSON_DEPTH` levels is `invalid_json` and stores nothing. Action `<event>.<payload.action>` (or the event
 * alone); risk high for delete/deleted/force/destroy, low for read-only events (§20.9), else medium.
 *
 * @example
 * await receiveGithubWebhook(engine, { body, header: (name) => request.headers.get(name) });
 */
export async function receiveGithubWebhook(
  engine: SentrailEngine,
  delivery: WebhookDelivery,
): Promise<WebhookResult> {
  const payload = parseObject(delivery.body);
  if (!payload) return { kind: "invalid_json" };
  const event = delivery.header("x-github-event") ?? "unknown";
  const repository = asJsonObject(payload.repository);
  const fullName = typeof repository?.full_name === "string" ? repository.full_name : null;
  const orgLogin = readString(asJsonObject(payload.organization)?.login);
  const connection = engine.workspaces
    .listConnections()
    .find((candidate) => candidate.tool === "github" && matchesRepository(candidate, fullName, orgLogin));
  const workspace = connection ? engine.workspaces.getWorkspace(connection.workspaceId) : undefined;
  const receivedAt = engine.clock.nowIso();
  const store = (workspaceId: string | null, processed: boolean) =>
    engine.webhookEvents.append({
      id: createUuid(),
      workspace_id: workspaceId,
      provider: "github",
      event_type: event,
      payload,
      processed,
      received_at: receivedAt,
    });

  if (!connection || !workspace) {
    store(null, false);
    return { kind: "unprocessed" };
  }
  const signature = delivery.header("x-hub-signature-256");
  const hex = signature?.startsWith("sha256=") ? signature.slice("sha256=".length) : null;
  if (!(await verifyWebhookSignature(readString(connection.config.webhook_secret), delivery.body, hex))) {
    return { kind: "invalid_signature" };
  }
  if (event === "ping") {
    store(workspace.id, false);
    return { kind: "unprocessed" };
  }

  const payloadAction = readString(payload.action);
  const action = payloadAction ? `${event}.${payloadAction}` : event;
  const outcome = await runEvaluation(engine, {
    workspace,
    tool: "github",
    action,
    riskLevel: githubWebhookRisk(event, action),
    riskClassification: "server_classified",
    agentId: null,
    resourceType: event,
    resourceId: fullName,
    mcpToolName: null,
    requestedBy: readString(asJsonObject(payload.sender)?.login),
    payload,
    source: "webhook",
    deferred: null,
    createsApproval: false,
    checkAgent: false,
  });
  store(workspace.id, true);
  return {
    kind: "processed",
    decision: outcome.decision,
    auditLogId: outcome.auditLogId,
    correlationId: outcome.correlationId,
  };
}

function githubWebhookRisk(event: string, action: string): RiskLevel {
  const lower = action.toLowerCase();
  if (HIGH_RISK_WORDS.some((word) => lower.includes(word))) return "high";
  if (READ_ONLY_EVENTS.has(event)) return "low";
  return "medium";
}

function matchesRepository(
  connection: ToolConnection,
  fullName: string | null,
  orgLogin: string | null,
): boolean {
  const repos = Array.isArray(connection.config.repos) ? connection.config.repos : [];
  if (fullName !== null && repos.includes(fullName)) return true;
  return orgLogin !== null && typeof connection.config.org === "string" && connection.config.org === orgLogin;
}

function parseObject(body: Uint8Array<ArrayBuffer>): Record<string, unknown> | null {
  try {
    return asJsonObject(parseBoundedJson(new TextDecoder().decode(body))) ?? null;
  } catch {
    return null;
  }
}

function readString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
