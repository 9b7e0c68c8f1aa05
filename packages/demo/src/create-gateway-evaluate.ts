import type {
  EvaluateActionInput,
  EvaluateActionResult,
  GitHubGatewayRequest,
  GuardEvaluate,
  SentrailClient,
} from "@sentrail/client";

/** Options of {@link createGatewayEvaluate}. */
export interface GatewayEvaluateOptions {
  client: Pick<SentrailClient, "gateway">;
  /** The GitHub call a tool call stands for (the guard passes the tool's arguments as `input.payload`). */
  toRequest(input: EvaluateActionInput): GitHubGatewayRequest;
  /**
   * Receives GitHub's answer when Sentrail allowed the call and forwarded it at once: the tool's own
   * body must then hand this over instead of calling GitHub a second time.
   */
  onForwarded(body: unknown): void;
}

/**
 * A guard `evaluate` that sends the tool call through Sentrail's gateway (`gateway-proxy/github`) once
 * and reads the gateway's answer as the decision: forwarded → `allow`, `403` → `block`, `202` →
 * `require_approval`. With the guard's `replay: "sentrail"`, an approved call is then run by Sentrail
 * from its stored copy (the guard waits until `executed`), so the tool never runs it a second time.
 * This is how a framework adapter's guard (here LangChain's middleware) gates a call that Sentrail
 * proxies, rather than asking evaluate-action and running the call itself.
 *
 * How it fails: whatever `gateway.github` throws (`SentrailError` family: 401, 5xx, network, timeout)
 * reaches the guard, which fails closed (`unavailable`): the gateway is never retried, because a
 * repeated POST could open a second pull request.
 *
 * @example
 * ```ts
 * const guard = createGuard({
 *   client: sentrail,
 *   replay: "sentrail",
 *   evaluate: createGatewayEvaluate({
 *     client: sentrail,
 *     toRequest: (input) => ({ method: "POST", path: "/repos/acme/demo/pulls", body: input.payload }),
 *     onForwarded: (body) => forwarded.push(body),
 *   }),
 * });
 * ```
 */
export function createGatewayEvaluate(options: GatewayEvaluateOptions): GuardEvaluate {
  return async (input, requestOptions): Promise<EvaluateActionResult> => {
    const result = await options.client.gateway.github(options.toRequest(input), requestOptions);
    switch (result.kind) {
      case "forwarded":
        options.onForwarded(result.body);
        return {
          decision: "allow",
          reason: "Forwarded by the Sentrail gateway",
          matchedPolicyId: null,
          auditLogId: result.auditLogId ?? "",
          correlationId: result.correlationId ?? "",
        };
      case "blocked":
        return {
          decision: "block",
          reason: result.reason,
          matchedPolicyId: result.matchedPolicyId ?? null,
          auditLogId: result.auditLogId,
          correlationId: result.correlationId,
        };
      case "pending_approval":
        return {
          decision: "require_approval",
          reason: result.reason,
          matchedPolicyId: result.matchedPolicyId ?? null,
          auditLogId: result.auditLogId,
          correlationId: result.correlationId,
          approvalRequestId: result.approvalRequestId,
        };
    }
  };
}
