import type { SentrailEngine } from "../engine/create-sentrail-engine.js";
import { receiveGithubWebhook } from "../engine/receive-github-webhook.js";
import { receiveLinearWebhook } from "../engine/receive-linear-webhook.js";
import { answerFault } from "./answer-fault.js";
import type { MockControl } from "./create-mock-control.js";
import type { FaultEndpoint, FaultQueue } from "./fault-queue.js";
import { handleApprovalDecision } from "./handle-approval-decision.js";
import { handleEvaluateAction } from "./handle-evaluate-action.js";
import { handleGatewayProxy } from "./handle-gateway-proxy.js";
import { handleGatewayStatus } from "./handle-gateway-status.js";
import { handleKillSwitch } from "./handle-kill-switch.js";
import { handleManageApiKeys } from "./handle-manage-api-keys.js";
import { handleMcpGate } from "./handle-mcp-gate.js";
import { handleMockControl } from "./handle-mock-control.js";
import { handleSimulateAction } from "./handle-simulate-action.js";
import { handleWebhook } from "./handle-webhook.js";
import { errorResponse, preflightResponse } from "./json-response.js";

/** What the router dispatches to. */
export interface SentrailRouterOptions {
  engine: SentrailEngine;
  faults: FaultQueue;
  control: MockControl;
}

const FUNCTIONS_PREFIX = "/functions/v1/";
const CONTROL_PREFIX = "/__mock/";

/**
 * Creates the runtime-neutral fetch-style router: `handle(request) → Response` for every Sentrail
 * function under `…/functions/v1/` and the control plane under `…/__mock/` (any origin, any path
 * prefix before those). `OPTIONS` is answered as a CORS preflight; a queued fault for the endpoint is
 * played before anything else; `/gateway-proxy/status/{id}` is routed before the forwarding proxy.
 * An unexpected exception becomes `500 { ok: false, error: "Internal server error" }`.
 *
 * @example
 * const handle = createSentrailRouter({ engine, faults, control });
 * const response = await handle(new Request("http://localhost/functions/v1/evaluate-action", { method: "POST" }));
 */
export function createSentrailRouter(
  options: SentrailRouterOptions,
): (request: Request) => Promise<Response> {
  const { engine, faults, control } = options;

  async function withFault(endpoint: FaultEndpoint, run: () => Promise<Response>): Promise<Response> {
    const fault = faults.take(endpoint);
    if (fault) {
      const answer = await answerFault(fault);
      if (answer) return answer;
    }
    return run();
  }

  async function route(request: Request): Promise<Response> {
    const pathname = new URL(request.url).pathname;
    const functionsAt = pathname.indexOf(FUNCTIONS_PREFIX);
    const controlAt = pathname.indexOf(CONTROL_PREFIX);
    if (functionsAt < 0 && controlAt < 0) return errorResponse(404, "Not found");
    if (request.method === "OPTIONS") return preflightResponse();
    if (controlAt >= 0 && (functionsAt < 0 || controlAt < functionsAt)) {
      return handleMockControl(
        control,
        request,
        pathname.slice(controlAt + CONTROL_PREFIX.length).replace(/\/+$/, ""),
      );
    }
    const segments = pathname
      .slice(functionsAt + FUNCTIONS_PREFIX.length)
      .split("/")
      .filter((segment) => segment.length > 0);
    const [name, ...rest] = segments;
    switch (name) {
      case "evaluate-action":
        if (rest.length > 0) break;
        return withFault("evaluate-action", () => handleEvaluateAction(engine, request));
      case "gateway-proxy":
        if (rest[0] === "status") {
          return withFault("status", () =>
            handleGatewayStatus(engine, request, rest.length === 2 ? (rest[1] ?? null) : null),
          );
        }
        return withFault("gateway-proxy", () => handleGatewayProxy(engine, request, rest));
      case "mcp-gate":
        if (rest.length !== 1 || rest[0] !== "sse") break;
        return withFault("mcp-gate", () => handleMcpGate(engine, request));
      case "approval-decision":
        if (rest.length > 0) break;
        return withFault("approval-decision", () => handleApprovalDecision(engine, request));
      case "kill-switch":
        if (rest.length > 0) break;
        return withFault("kill-switch", () => handleKillSwitch(engine, request));
      case "manage-api-keys":
        if (rest.length > 0) break;
        return handleManageApiKeys(engine, request);
      case "simulate-action":
        if (rest.length > 0) break;
        return handleSimulateAction(engine, request);
      case "webhook-github":
        if (rest.length > 0) break;
        return handleWebhook(engine, request, receiveGithubWebhook);
      case "webhook-linear":
        if (rest.length > 0) break;
        return handleWebhook(engine, request, receiveLinearWebhook);
    }
    return errorResponse(404, "Not found");
  }

  return async (request) => {
    try {
      return await route(request);
    } catch {
      return errorResponse(500, "Internal server error");
    }
  };
}
