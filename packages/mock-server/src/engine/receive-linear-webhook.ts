import { asJsonObject } from "./as-json-object.js";
import type { SentrailEngine } from "./create-sentrail-engine.js";
import { createUuid } from "./create-uuid.js";
import type { ToolConnection } from "./engine-types.js";
import { parseBoundedJson } from "./parse-bounded-json.js";
import { runEvaluation } from "./run-evaluation.js";
import { verifyWebhookSignature } from "./verify-webhook-signature.js";
import type { WebhookDelivery, WebhookResult } from "./webhook-result.js";

/**
 * Largest accepted distance of `webhookTimestamp` from the mock clock, either way (§4.8): the same
 * rule as the client's `verifyLinearSignature`, so an event one accepts the other accepts too.
 */
const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

/**
 * webhook-linear (§4.8): parse the JSON, find the workspace whose Linear connection has
 * `organization_id` = `payload.organizationId` (and `team_id` unset or = `payload.data.teamId`),
 * verify `Linear-Signature` (hex HMAC-SHA256 of the raw body, constant-time) with that connection's
 * `webhook_secret`, reject a `webhookTimestamp` (epoch ms) that is missing or more than 5 minutes away
 * from the mock clock in either direction (`timestamp_too_old`, answered `401 "Webhook timestamp too
 * old"`; a future one is refused like a stale one, as the client's `verifyLinearSignature` does), then
 * evaluate observationally like GitHub webhooks. A body that is not a JSON object or nests deeper than
 * `MAX_JSON_DEPTH` levels is `invalid_json` and stores nothing; unmatched events are stored bounded
 * by the event log. Action
 * `<payload.type lowercased>.<payload.action>`; risk high for `remove`, else medium.
 *
 * @example
 * await receiveLinearWebhook(engine, { body, header: (name) => request.headers.get(name) });
 */
export async function receiveLinearWebhook(
  engine: SentrailEngine,
  delivery: WebhookDelivery,
): Promise<WebhookResult> {
  let payload: Record<string, unknown> | undefined;
  try {
    payload = asJsonObject(parseBoundedJson(new TextDecoder().decode(delivery.body)));
  } catch {
    payload = undefined;
  }
  if (!payload) return { kind: "invalid_json" };
  const data = asJsonObject(payload.data);
  const organizationId = typeof payload.organizationId === "string" ? payload.organizationId : null;
  const teamId = typeof data?.teamId === "string" ? data.teamId : null;
  const type = typeof payload.type === "string" ? payload.type : "unknown";
  const payloadAction = typeof payload.action === "string" ? payload.action : "unknown";
  const connection = engine.workspaces
    .listConnections()
    .find(
      (candidate) => candidate.tool === "linear" && matchesOrganization(candidate, organizationId, teamId),
    );
  const workspace = connection ? engine.workspaces.getWorkspace(connection.workspaceId) : undefined;
  const store = (workspaceId: string | null, processed: boolean) =>
    engine.webhookEvents.append({
      id: createUuid(),
      workspace_id: workspaceId,
      provider: "linear",
      event_type: `${type}.${payloadAction}`,
      payload,
      processed,
      received_at: engine.clock.nowIso(),
    });

  if (!connection || !workspace) {
    store(null, false);
    return { kind: "unprocessed" };
  }
  const secret =
    typeof connection.config.webhook_secret === "string" ? connection.config.webhook_secret : null;
  if (!(await verifyWebhookSignature(secret, delivery.body, delivery.header("linear-signature")))) {
    return { kind: "invalid_signature" };
  }
  const timestamp = payload.webhookTimestamp;
  // Only a finite time within ±5 minutes passes (`1e400` parses as Infinity and fails).
  if (typeof timestamp !== "number" || !(Math.abs(engine.clock.nowMs() - timestamp) <= TIMESTAMP_WINDOW_MS)) {
    return { kind: "timestamp_too_old" };
  }

  const outcome = await runEvaluation(engine, {
    workspace,
    tool: "linear",
    action: `${type.toLowerCase()}.${payloadAction}`,
    riskLevel: payloadAction === "remove" ? "high" : "medium",
    riskClassification: "server_classified",
    agentId: null,
    resourceType: type.toLowerCase(),
    resourceId: typeof data?.id === "string" ? data.id : null,
    mcpToolName: null,
    requestedBy: null,
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

function matchesOrganization(
  connection: ToolConnection,
  organizationId: string | null,
  teamId: string | null,
) {
  const configuredOrganization = connection.config.organization_id;
  if (!configuredOrganization || configuredOrganization !== organizationId) return false;
  const configuredTeam = connection.config.team_id;
  return !configuredTeam || configuredTeam === teamId;
}
