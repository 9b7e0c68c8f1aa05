import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import type { WebhookDelivery, WebhookResult } from "../engine/webhook-result.js";
import { errorResponse, jsonResponse } from "./json-response.js";

/**
 * `POST /functions/v1/webhook-github` and `/webhook-linear` (§4.7, §4.8, §12): reads the raw body
 * bytes (the signature covers them exactly) and maps the receiver's result: `400 "Invalid JSON body"`
 * (not a JSON object, or nested deeper than `MAX_JSON_DEPTH` levels; nothing stored),
 * `401 "Invalid signature"`, `401 "Webhook timestamp too old"`, `200 { ok, processed: false }`, or
 * `200 { ok, processed: true, decision, auditLogId, correlationId }`.
 *
 * @example
 * await handleWebhook(engine, request, receiveGithubWebhook);
 */
export async function handleWebhook(
  engine: SentrailEngine,
  request: Request,
  receive: (engine: SentrailEngine, delivery: WebhookDelivery) => Promise<WebhookResult>,
): Promise<Response> {
  if (request.method !== "POST") return errorResponse(405, "Method not allowed");
  const body = new Uint8Array(await request.arrayBuffer());
  const result = await receive(engine, { body, header: (name) => request.headers.get(name) });
  switch (result.kind) {
    case "invalid_json":
      return errorResponse(400, "Invalid JSON body");
    case "invalid_signature":
      return errorResponse(401, "Invalid signature");
    case "timestamp_too_old":
      return errorResponse(401, "Webhook timestamp too old");
    case "unprocessed":
      return jsonResponse(200, { ok: true, processed: false });
    default:
      return jsonResponse(200, {
        ok: true,
        processed: true,
        decision: result.decision,
        auditLogId: result.auditLogId,
        correlationId: result.correlationId,
      });
  }
}
