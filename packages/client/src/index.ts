// The public API of @sentrail/client (the agent side: decisions, gateway, MCP gate, approvals, errors).
// Reviewer/admin endpoints live in "@sentrail/client/admin", webhook signatures in
// "@sentrail/client/webhooks". Adding a line here is an API decision.

export type {
  GetApprovalStatusOptions,
  LinearGraphQLResponse,
  McpGateRequestOptions,
  SentrailClient,
  SentrailClientOptions,
} from "./create-sentrail-client";
export { createSentrailClient } from "./create-sentrail-client";
export type { CreateSentrailErrorOptions } from "./create-sentrail-error";
export { createSentrailError } from "./create-sentrail-error";
export type { FetchFunction, RequestOptions } from "./create-sentrail-transport";
export type {
  GatewayMethod,
  GatewayQuery,
  GatewayResult,
  GitHubGatewayRequest,
  LinearGatewayRequest,
} from "./forward-gateway-request";
export { createCallDigest } from "./guard/create-call-key";
export type { Guard, GuardOptions, GuardRunOptions, GuardToolOptions } from "./guard/create-guard";
export { createGuard } from "./guard/create-guard";
export type { MemoryGuardStoreOptions } from "./guard/create-memory-guard-store";
export { createMemoryGuardStore } from "./guard/create-memory-guard-store";
export type { GuardApprovalHandle } from "./guard/guard-approval-handle";
export { isGuardApprovalHandle } from "./guard/guard-approval-handle";
export type { GuardCall } from "./guard/guard-call";
export type { GuardDecisionEvent, GuardPendingEvent } from "./guard/guard-events";
export type {
  GuardFailMode,
  GuardMode,
  GuardOutcome,
  GuardOutcomeFields,
  GuardOutcomeStatus,
  GuardRanAlthough,
  GuardReplay,
  GuardSideEffect,
  GuardWaitSummary,
} from "./guard/guard-outcome";
export type { GuardRecord, GuardStore } from "./guard/guard-store";
export { inferToolRiskLevel } from "./guard/infer-tool-risk-level";
export type { GuardEvaluate, GuardExecuteContext } from "./guard/run-guarded-call";
export type { SentrailGuardErrorJson } from "./guard/sentrail-guard-error";
export { SentrailGuardError } from "./guard/sentrail-guard-error";
export type { GuardEvaluationMapping } from "./guard/to-guard-evaluation-input";
export { toGuardEvaluationInput } from "./guard/to-guard-evaluation-input";
export type { GuardToolResult } from "./guard/to-guard-tool-result";
export { toGuardToolResult } from "./guard/to-guard-tool-result";
export type {
  GuardSpan,
  GuardSpanAttributes,
  GuardSpanAttributeValue,
  GuardTracer,
} from "./guard/trace-guarded-call";
export type { GuardPollingOptions } from "./guard/wait-for-guarded-approval";
export type {
  ApprovalPollUpdate,
  WaitForApprovalOptions,
  WaitForApprovalOutcome,
} from "./poll-until-approval-settles";
export type {
  McpGateErrorResponse,
  McpGateOutcome,
  McpGateResponse,
  McpGateSuccessResponse,
} from "./read-mcp-gate-outcome";
export { MCP_BLOCKED_ERROR_CODE, readMcpGateOutcome } from "./read-mcp-gate-outcome";
export { redactSecrets } from "./redact-secrets";
export type { SentrailEndpointOptions } from "./resolve-base-url";
export type {
  ApprovalStatus,
  Decision,
  EvaluateActionInput,
  ExecutionFailure,
  GatewayTool,
  JsonRpcError,
  JsonRpcId,
  McpBlockedErrorData,
  McpSentrailMeta,
  McpToolsCallResult,
  RiskClassification,
  RiskLevel,
  ToolName,
} from "./sentrail-api-types";
export type {
  SentrailErrorCode,
  SentrailErrorJson,
  SentrailErrorOptions,
  SentrailUnavailableKind,
} from "./sentrail-error";
export {
  SentrailAuthenticationError,
  SentrailConflictError,
  SentrailError,
  SentrailNotFoundError,
  SentrailPermissionError,
  SentrailRateLimitError,
  SentrailServerError,
  SentrailUnavailableError,
  SentrailValidationError,
} from "./sentrail-error";
export type { ApprovalStatusUpdate, KillSwitchState } from "./to-approval-status-update";
export type { EvaluateActionResult } from "./to-evaluate-action-result";
