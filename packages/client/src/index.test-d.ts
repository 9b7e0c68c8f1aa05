import { describe, expectTypeOf, it } from "vitest";
import type * as api from "./index";
import {
  createSentrailClient,
  type EvaluateActionResult,
  type GatewayResult,
  type McpGateOutcome,
  type SentrailClient,
  SentrailError,
  SentrailNotFoundError,
  SentrailUnavailableError,
  type WaitForApprovalOutcome,
} from "./index";

describe("@sentrail/client", () => {
  it("exports exactly these values", () => {
    expectTypeOf<keyof typeof api>().toEqualTypeOf<
      | "createCallDigest"
      | "createGuard"
      | "createMemoryGuardStore"
      | "createSentrailClient"
      | "createSentrailError"
      | "inferToolRiskLevel"
      | "isGuardApprovalHandle"
      | "MCP_BLOCKED_ERROR_CODE"
      | "readMcpGateOutcome"
      | "redactSecrets"
      | "SentrailAuthenticationError"
      | "SentrailConflictError"
      | "SentrailError"
      | "SentrailGuardError"
      | "SentrailNotFoundError"
      | "SentrailPermissionError"
      | "SentrailRateLimitError"
      | "SentrailServerError"
      | "SentrailUnavailableError"
      | "SentrailValidationError"
      | "toGuardEvaluationInput"
      | "toGuardToolResult"
    >();
  });

  it("exports these types", () => {
    expectTypeOf<api.SentrailClient>().toBeObject();
    expectTypeOf<api.SentrailClientOptions>().toHaveProperty("apiKey");
    expectTypeOf<api.RequestOptions>().toHaveProperty("signal");
    expectTypeOf<api.FetchFunction>().toBeFunction();
    expectTypeOf<api.GetApprovalStatusOptions>().toHaveProperty("retries");
    expectTypeOf<api.McpGateRequestOptions>().toHaveProperty("id");
    expectTypeOf<api.LinearGraphQLResponse>().toHaveProperty("data");
    expectTypeOf<api.CreateSentrailErrorOptions>().toHaveProperty("headers");
    expectTypeOf<api.GatewayMethod>().toEqualTypeOf<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">();
    expectTypeOf<api.GatewayQuery>().not.toBeNever();
    expectTypeOf<api.GitHubGatewayRequest>().toHaveProperty("path");
    expectTypeOf<api.LinearGatewayRequest>().toHaveProperty("query");
    expectTypeOf<api.ApprovalPollUpdate>().toHaveProperty("polls");
    expectTypeOf<api.WaitForApprovalOptions>().toHaveProperty("stopOnKillSwitch");
    expectTypeOf<api.McpGateResponse>().not.toBeNever();
    expectTypeOf<api.McpGateSuccessResponse>().toHaveProperty("result");
    expectTypeOf<api.McpGateErrorResponse>().toHaveProperty("error");
    expectTypeOf<api.SentrailEndpointOptions>().toHaveProperty("projectRef");
    expectTypeOf<api.ApprovalStatusUpdate>().toHaveProperty("killSwitch");
    expectTypeOf<api.KillSwitchState>().toEqualTypeOf<{
      global: boolean;
      enabledAt: string | null;
      enabledBy: string | null;
      toolsPaused: api.ToolName[];
    }>();
    expectTypeOf<api.SentrailErrorCode>().toExtend<string>();
    expectTypeOf<api.SentrailErrorJson>().toHaveProperty("code");
    expectTypeOf<api.SentrailErrorOptions>().toHaveProperty("status");
    expectTypeOf<api.SentrailUnavailableKind>().toEqualTypeOf<"network" | "timeout" | "unreadable">();
    expectTypeOf<api.ToolName>().toEqualTypeOf<
      "github" | "linear" | "slack" | "notion" | "internal_api" | "mcp"
    >();
    expectTypeOf<api.GatewayTool>().toEqualTypeOf<"github" | "linear">();
    expectTypeOf<api.RiskLevel>().toEqualTypeOf<"low" | "medium" | "high" | "critical">();
    expectTypeOf<api.Decision>().toEqualTypeOf<"allow" | "block" | "require_approval">();
    expectTypeOf<api.RiskClassification>().toEqualTypeOf<"server_classified" | "caller_supplied">();
    expectTypeOf<api.ApprovalStatus>().toEqualTypeOf<
      "pending" | "approved" | "denied" | "expired" | "executed" | "failed"
    >();
    expectTypeOf<api.EvaluateActionInput>().toHaveProperty("riskLevel");
    expectTypeOf<api.ExecutionFailure>().toHaveProperty("error");
    expectTypeOf<api.JsonRpcId>().toEqualTypeOf<string | number>();
    expectTypeOf<api.JsonRpcError>().toHaveProperty("code");
    expectTypeOf<api.McpToolsCallResult>().toHaveProperty("content");
    expectTypeOf<api.McpSentrailMeta>().toHaveProperty("pollUrl");
    expectTypeOf<api.McpBlockedErrorData>().toHaveProperty("reason");
    expectTypeOf<api.Guard>().toHaveProperty("run");
    expectTypeOf<api.GuardOptions>().toHaveProperty("client");
    expectTypeOf<api.GuardToolOptions>().toHaveProperty("evaluation");
    expectTypeOf<api.GuardRunOptions>().toHaveProperty("signal");
    expectTypeOf<api.GuardCall>().toHaveProperty("toolCallId");
    expectTypeOf<api.GuardExecuteContext>().toHaveProperty("signal").toEqualTypeOf<AbortSignal>();
    expectTypeOf<api.GuardEvaluate>().returns.resolves.toEqualTypeOf<EvaluateActionResult>();
    expectTypeOf<api.GuardEvaluationMapping>().not.toBeNever();
    expectTypeOf<api.GuardPollingOptions>().toHaveProperty("sleep");
    expectTypeOf<api.GuardDecisionEvent>().toHaveProperty("enforcement");
    expectTypeOf<api.GuardPendingEvent>().toHaveProperty("approvalRequestId").toEqualTypeOf<string>();
    expectTypeOf<api.GuardOutcomeFields>().toHaveProperty("retrySafe").toEqualTypeOf<boolean>();
    expectTypeOf<api.GuardSideEffect>().toEqualTypeOf<"executed" | "not_started" | "unknown">();
    expectTypeOf<api.GuardMode>().toEqualTypeOf<"enforce" | "shadow">();
    expectTypeOf<api.GuardFailMode>().toEqualTypeOf<"closed" | "open">();
    expectTypeOf<api.GuardReplay>().toEqualTypeOf<"self" | "sentrail">();
    expectTypeOf<api.GuardRanAlthough>().toEqualTypeOf<"block" | "require_approval" | "unavailable">();
    expectTypeOf<api.GuardWaitSummary>().toHaveProperty("polls");
    expectTypeOf<api.GuardStore>().toHaveProperty("get");
    expectTypeOf<api.GuardStore>().toHaveProperty("claim");
    expectTypeOf<api.GuardApprovalHandle>().toHaveProperty("argumentsDigest").toEqualTypeOf<string>();
    expectTypeOf<api.Guard>().toHaveProperty("resume");
    expectTypeOf<api.GuardRecord["state"]>().toEqualTypeOf<
      "evaluating" | "awaiting_approval" | "executing" | "settled"
    >();
    expectTypeOf<api.MemoryGuardStoreOptions>().toHaveProperty("maxEntries");
    expectTypeOf<api.GuardToolResult>().toHaveProperty("executed").toEqualTypeOf<boolean>();
    expectTypeOf<api.SentrailGuardErrorJson>().toHaveProperty("outcome");
  });

  it("narrows the guard outcome on status; only executed carries a result", () => {
    expectTypeOf<api.GuardOutcomeStatus>().toEqualTypeOf<
      | "executed"
      | "failed"
      | "blocked"
      | "denied"
      | "expired"
      | "timed_out"
      | "aborted"
      | "kill_switch"
      | "unavailable"
    >();
    expectTypeOf<Extract<api.GuardOutcome<number>, { status: "executed" }>>()
      .toHaveProperty("result")
      .toEqualTypeOf<number>();
    expectTypeOf<Extract<api.GuardOutcome, { status: "blocked" }>>().not.toHaveProperty("result");
    expectTypeOf<Extract<api.GuardOutcome, { status: "blocked" }>["sideEffect"]>().toEqualTypeOf<
      "not_started" | "unknown"
    >();
    expectTypeOf<api.Guard["run"]>().returns.resolves.toEqualTypeOf<api.GuardOutcome<unknown>>();
  });

  it("narrows evaluateAction's result on decision; only require_approval has an approval id", () => {
    expectTypeOf<SentrailClient["evaluateAction"]>().returns.resolves.toEqualTypeOf<EvaluateActionResult>();
    expectTypeOf<EvaluateActionResult["decision"]>().toEqualTypeOf<"allow" | "block" | "require_approval">();
    expectTypeOf<Extract<EvaluateActionResult, { decision: "require_approval" }>>()
      .toHaveProperty("approvalRequestId")
      .toEqualTypeOf<string>();
    expectTypeOf<Extract<EvaluateActionResult, { decision: "allow" }>>().not.toHaveProperty(
      "approvalRequestId",
    );
  });

  it("narrows the gateway result on kind", () => {
    expectTypeOf<GatewayResult["kind"]>().toEqualTypeOf<"forwarded" | "blocked" | "pending_approval">();
    expectTypeOf<Extract<GatewayResult<{ id: number }>, { kind: "forwarded" }>["body"]>().toEqualTypeOf<{
      id: number;
    }>();
    expectTypeOf<Extract<GatewayResult, { kind: "pending_approval" }>>().toHaveProperty("pollUrl");
    expectTypeOf<McpGateOutcome["kind"]>().toEqualTypeOf<
      "result" | "blocked" | "pending_approval" | "error"
    >();
  });

  it("narrows the wait outcome on status; only executed and failed carry a result", () => {
    expectTypeOf<WaitForApprovalOutcome["status"]>().toEqualTypeOf<
      "executed" | "failed" | "approved" | "denied" | "expired" | "timed_out" | "aborted" | "kill_switch"
    >();
    expectTypeOf<Extract<WaitForApprovalOutcome, { status: "executed" }>>().toHaveProperty("result");
    expectTypeOf<Extract<WaitForApprovalOutcome, { status: "approved" }>>().not.toHaveProperty("result");
    expectTypeOf<WaitForApprovalOutcome>().toHaveProperty("polls").toEqualTypeOf<number>();
  });

  it("narrows unknown values with isInstance", () => {
    const value: unknown = null;
    if (SentrailNotFoundError.isInstance(value)) expectTypeOf(value).toEqualTypeOf<SentrailNotFoundError>();
    if (SentrailUnavailableError.isInstance(value))
      expectTypeOf(value.kind).toEqualTypeOf<api.SentrailUnavailableKind>();
    if (SentrailError.isInstance(value)) expectTypeOf(value.code).toEqualTypeOf<api.SentrailErrorCode>();
  });

  it("requires an apiKey and an endpoint option", () => {
    expectTypeOf(createSentrailClient).parameter(0).toHaveProperty("apiKey").toEqualTypeOf<string>();
    // @ts-expect-error apiKey is required
    createSentrailClient({ baseUrl: "https://x.supabase.co/functions/v1" });
  });
});
