import { abortableSleep } from "./abortable-sleep";
import { computeBackoffDelay } from "./compute-backoff-delay";
import { createKillSwitchBroadcast } from "./create-kill-switch-broadcast";
import {
  createSentrailTransport,
  type FetchFunction,
  type RequestOptions,
  withoutAuthorization,
} from "./create-sentrail-transport";
import {
  forwardGatewayRequest,
  type GatewayResult,
  type GitHubGatewayRequest,
  type LinearGatewayRequest,
} from "./forward-gateway-request";
import { isRetryablePollError } from "./is-retryable-poll-error";
import { KillSwitchStop } from "./kill-switch-stop";
import { linkAbortSignals } from "./link-abort-signals";
import {
  pollUntilApprovalSettles,
  type WaitForApprovalOptions,
  type WaitForApprovalOutcome,
} from "./poll-until-approval-settles";
import { readKillSwitchRefusal } from "./read-kill-switch-refusal";
import { type McpGateResponse, readMcpGateOutcome } from "./read-mcp-gate-outcome";
import { resolveBaseUrl, type SentrailEndpointOptions } from "./resolve-base-url";
import { sendMcpGateMessage } from "./send-mcp-gate-message";
import type { EvaluateActionInput, JsonRpcId, SentrailPaths, ToolName } from "./sentrail-api-types";
import { SentrailAuthenticationError } from "./sentrail-error";
import { type ApprovalStatusUpdate, toApprovalStatusUpdate } from "./to-approval-status-update";
import { type EvaluateActionResult, toEvaluateActionResult } from "./to-evaluate-action-result";

const DEFAULT_TIMEOUT_MS = 10_000;
const API_KEY_SHAPE = /^agk_[A-Za-z0-9]{40}$/;
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Schedule of `getApprovalStatus`'s own retries; the same as `waitForApproval`'s. */
const RETRY_SCHEDULE = { initialDelayMs: 1000, multiplier: 1.5, maxDelayMs: 10_000 };

/**
 * Options of {@link createSentrailClient}. Give `baseUrl` or `projectRef`.
 *
 * @example
 * ```ts
 * createSentrailClient({
 *   apiKey: process.env.SENTRAIL_API_KEY!,
 *   baseUrl: "https://abcd1234.supabase.co/functions/v1",
 *   agentId: "release-bot",
 *   timeoutMs: 5_000,
 * });
 * ```
 */
export interface SentrailClientOptions extends SentrailEndpointOptions {
  /** The agent's API key (`agk_…`, scopes `evaluate` / `gateway` / `mcp` as needed). Never logged. */
  apiKey: string;
  /**
   * `fetch` to use; default: the global `fetch`, looked up at call time. It is called with the call's
   * `AbortSignal` in its second argument (`init.signal`): a wrapper must pass `init` on, or timeouts and
   * aborts cannot cancel the request.
   */
  fetch?: FetchFunction;
  /**
   * The `Request` class that goes with `fetch` (undici's `Request` with undici's `fetch`); default the
   * global one. Typed calls build their requests with it and hand them to `fetch` as they are. A
   * `fetch` given without it receives `(url, init)` instead, which any implementation reads.
   */
  Request?: typeof Request;
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Sent as `X-Agent-Id` on every request (audit logs, approvals, `allowedAgents` policies). */
  agentId?: string;
  /** Extra headers sent on every request. `Authorization` is ignored. */
  headers?: Record<string, string>;
}

/**
 * Options of `getApprovalStatus`.
 *
 * @example
 * ```ts
 * await client.getApprovalStatus(correlationId, { retries: 0, signal });
 * ```
 */
export interface GetApprovalStatusOptions extends RequestOptions {
  /**
   * Retries after a network failure, timeout, unreadable answer, 5xx or 429 (default 2; 0 disables).
   * Delays follow `waitForApproval`'s schedule; a `Retry-After` longer than 10 s is not waited out: the
   * error is thrown with `retryAfterMs` instead.
   */
  retries?: number;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * Options of `mcpGate.request`.
 *
 * @example
 * ```ts
 * await client.mcpGate.request("tools/list", undefined, { id: "list-1", timeoutMs: 30_000 });
 * ```
 */
export interface McpGateRequestOptions extends RequestOptions {
  /** JSON-RPC id; default: a per-client counter starting at 1. */
  id?: JsonRpcId;
}

/**
 * A GraphQL response body as Linear sends it. Not checked at runtime.
 *
 * @example
 * ```ts
 * const result = await client.gateway.linear<{ viewer: { id: string } }>({ query: "{ viewer { id } }" });
 * if (result.kind === "forwarded") console.log(result.body.data?.viewer.id);
 * ```
 */
export interface LinearGraphQLResponse<TData = unknown> {
  data?: TData | null;
  errors?: Array<{ message: string; [key: string]: unknown }>;
}

/**
 * The agent-side client returned by {@link createSentrailClient}. Every method takes `RequestOptions`.
 *
 * @example
 * ```ts
 * const client: SentrailClient = createSentrailClient({ apiKey, projectRef: "abcd1234" });
 * ```
 */
export interface SentrailClient {
  /** `POST /evaluate-action`: one decision, one audit row. Never retried. */
  evaluateAction(input: EvaluateActionInput, options?: RequestOptions): Promise<EvaluateActionResult>;
  /** Tool calls through `gateway-proxy`. Never retried. */
  gateway: {
    github<TBody = unknown>(
      request: GitHubGatewayRequest,
      options?: RequestOptions,
    ): Promise<GatewayResult<TBody>>;
    linear<TData = unknown>(
      request: LinearGatewayRequest,
      options?: RequestOptions,
    ): Promise<GatewayResult<LinearGraphQLResponse<TData>>>;
  };
  /** JSON-RPC through `/mcp-gate/sse`, for callers without the MCP SDK. Never retried. */
  mcpGate: {
    request<TResult = unknown>(
      method: string,
      params?: unknown,
      options?: McpGateRequestOptions,
    ): Promise<McpGateResponse<TResult>>;
    notify(method: string, params?: unknown, options?: RequestOptions): Promise<void>;
  };
  /** `GET /gateway-proxy/status/{correlationId}`, with bounded retries (it is read-only). */
  getApprovalStatus(correlationId: string, options?: GetApprovalStatusOptions): Promise<ApprovalStatusUpdate>;
  /**
   * Polls until the approval settles; see {@link WaitForApprovalOptions} and {@link WaitForApprovalOutcome}.
   * Every answer of this client that shows the kill switch (any wait's poll, an evaluation, gateway or
   * mcp-gate call refused with "Kill switch is active" or "Tool <tool> is paused") ends the affected
   * waits at once with `kill_switch`.
   */
  waitForApproval(correlationId: string, options?: WaitForApprovalOptions): Promise<WaitForApprovalOutcome>;
}

/**
 * Creates the client an agent uses with its `agk_` API key: policy decisions, the GitHub/Linear gateway,
 * the MCP gate, and approval polling. It only talks to agent endpoints, so the key never reaches a
 * reviewer/admin endpoint (use {@link createSentrailAdminClient} with a user JWT for those).
 *
 * Does not throw for a malformed key: it warns once on `console.warn` (without the key) and lets
 * Sentrail decide. A JWT passed as `apiKey` is refused on every call, before anything is sent.
 * Failures reject with the `SentrailError` family; a policy `block` is a result, not an error.
 *
 * @example
 * ```ts
 * import { createSentrailClient } from "@sentrail/client";
 *
 * const sentrail = createSentrailClient({
 *   apiKey: process.env.SENTRAIL_API_KEY!,
 *   projectRef: "abcd1234",
 *   agentId: "release-bot",
 * });
 * const decision = await sentrail.evaluateAction({ tool: "github", action: "pull_request.create", riskLevel: "high" });
 * if (decision.decision === "require_approval") {
 *   const outcome = await sentrail.waitForApproval(decision.correlationId, { timeoutMs: 15 * 60_000 });
 *   if (outcome.status === "approved") await openPullRequest();
 * }
 * ```
 */
export function createSentrailClient(options: SentrailClientOptions): SentrailClient {
  const baseUrl = resolveBaseUrl(options);
  const apiKey = typeof options.apiKey === "string" ? options.apiKey : "";
  if (!API_KEY_SHAPE.test(apiKey)) {
    console.warn("[sentrail] apiKey does not look like agk_ followed by 40 letters or digits; expect 401s");
  }
  const sendsJwt = JWT_SHAPE.test(apiKey);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { ...withoutAuthorization(options.headers) };
  headers.Authorization = `Bearer ${apiKey}`;
  if (options.agentId !== undefined) headers["X-Agent-Id"] = options.agentId;
  const transport = createSentrailTransport<SentrailPaths>({
    baseUrl,
    fetch: options.fetch,
    Request: options.Request,
    timeoutMs,
    headers,
  });
  let nextRpcId = 1;
  // Every wait of this client, so that any answer showing the kill switch ends them all at once.
  const killSwitch = createKillSwitchBroadcast();
  const noteRefusal = (tool: ToolName, reason: string) => {
    const state = readKillSwitchRefusal(tool, reason);
    if (state) killSwitch.report(tool, state);
  };

  /** A user JWT never goes to an agent endpoint: refuse before anything is sent. */
  function assertAgentCredential(): void {
    if (!sendsJwt) return;
    throw new SentrailAuthenticationError("apiKey is a JWT, not an agk_ API key; it was not sent", {
      code: "credential_mismatch",
    });
  }

  async function pollStatusOnce(correlationId: string, requestOptions: RequestOptions | undefined) {
    assertAgentCredential();
    if (typeof correlationId !== "string" || correlationId === "") {
      throw new TypeError("correlationId must be a non-empty string");
    }
    const { data } = await transport.call(requestOptions, (init) =>
      transport.api.GET("/gateway-proxy/status/{correlationId}", {
        params: { path: { correlationId } },
        ...init,
      }),
    );
    const update = toApprovalStatusUpdate(data, correlationId);
    killSwitch.report(undefined, update.killSwitch);
    return update;
  }

  return {
    async evaluateAction(input, requestOptions) {
      assertAgentCredential();
      const { data } = await transport.call(requestOptions, (init) =>
        transport.api.POST("/evaluate-action", { body: input, ...init }),
      );
      const result = toEvaluateActionResult(data);
      if (result.decision === "block" && !result.matchedPolicyId) noteRefusal(input.tool, result.reason);
      return result;
    },

    gateway: {
      async github(request, requestOptions) {
        assertAgentCredential();
        const result = await forwardGatewayRequest(transport, { ...request, tool: "github" }, requestOptions);
        if (result.kind === "blocked") noteRefusal("github", result.reason);
        return result as GatewayResult<never>;
      },
      async linear(request, requestOptions) {
        assertAgentCredential();
        const { query, variables, operationName } = request;
        const body = { query, variables, operationName }; // JSON.stringify leaves out undefined fields
        const result = await forwardGatewayRequest<LinearGraphQLResponse<never>>(
          transport,
          { tool: "linear", method: "POST", path: "graphql", body },
          requestOptions,
        );
        if (result.kind === "blocked") noteRefusal("linear", result.reason);
        return result;
      },
    },

    mcpGate: {
      async request<TResult>(method: string, params?: unknown, requestOptions?: McpGateRequestOptions) {
        assertAgentCredential();
        const id = requestOptions?.id ?? nextRpcId++;
        const response = (await sendMcpGateMessage(
          transport,
          { id, method, params },
          requestOptions,
        )) as McpGateResponse<TResult>;
        const outcome = readMcpGateOutcome(response);
        if (outcome.kind === "blocked") noteRefusal("mcp", outcome.reason);
        return response;
      },
      async notify(method, params, requestOptions) {
        assertAgentCredential();
        await sendMcpGateMessage(transport, { method, params }, requestOptions);
      },
    },

    async getApprovalStatus(correlationId, requestOptions = {}) {
      const retries = requestOptions.retries ?? 2;
      const random = requestOptions.random ?? Math.random;
      for (let attempt = 0; ; attempt++) {
        try {
          return await pollStatusOnce(correlationId, requestOptions);
        } catch (error) {
          // Safe to repeat: the status poll is a read-only GET (see isRetryablePollError).
          if (attempt >= retries || !isRetryablePollError(error) || requestOptions.signal?.aborted)
            throw error;
          const delay = Math.max(
            computeBackoffDelay(attempt, RETRY_SCHEDULE, random),
            error.retryAfterMs ?? 0,
          );
          if (delay > RETRY_SCHEDULE.maxDelayMs) throw error;
          await abortableSleep(delay, requestOptions.signal);
        }
      }
    },

    async waitForApproval(correlationId, waitOptions = {}) {
      const poll = (pollOptions: RequestOptions) => pollStatusOnce(correlationId, pollOptions);
      const options = { ...waitOptions, requestTimeoutMs: waitOptions.requestTimeoutMs ?? timeoutMs };
      const stopOn = waitOptions.stopOnKillSwitch ?? true;
      if (stopOn === false) return pollUntilApprovalSettles(poll, correlationId, options);
      const membership = killSwitch.enter(typeof stopOn === "object" ? stopOn.tool : undefined);
      const linked = linkAbortSignals([waitOptions.signal, membership.signal]);
      try {
        const outcome = await pollUntilApprovalSettles(poll, correlationId, {
          ...options,
          signal: linked.signal,
        });
        const stop = linked.signal.reason;
        if (
          outcome.status !== "aborted" ||
          !(stop instanceof KillSwitchStop) ||
          waitOptions.signal?.aborted
        ) {
          return outcome;
        }
        // Another answer of this client showed the switch: this wait ends now, not at its next poll.
        const { reason: _reason, ...fields } = outcome;
        return { ...fields, status: "kill_switch", killSwitch: fields.killSwitch ?? stop.state };
      } finally {
        membership.leave();
        linked.dispose();
      }
    },
  };
}
