/**
 * The only module that imports `src/generated/` (generated from openapi/sentrail.openapi.yaml). Every
 * other file uses these friendly names, so a regenerated schema touches one file, and the public API
 * does not expose `components["schemas"][…]` paths.
 */
import type { components, paths } from "./generated/sentrail-api";

type Schemas = components["schemas"];

/**
 * Every path of the Sentrail API, as openapi-fetch needs it.
 *
 * @example
 * ```ts
 * const api = createClient<SentrailPaths>({ baseUrl });
 * ```
 */
export type SentrailPaths = paths;

/**
 * A tool Sentrail governs: `github`, `linear`, `slack`, `notion`, `internal_api`, `mcp`.
 *
 * @example
 * ```ts
 * const tool: ToolName = "github";
 * ```
 */
export type ToolName = Schemas["ToolName"];
/**
 * A tool `gateway-proxy` forwards to: `github` or `linear`.
 *
 * @example
 * ```ts
 * const tool: GatewayTool = "linear";
 * ```
 */
export type GatewayTool = Schemas["GatewayTool"];
/**
 * `low` < `medium` < `high` < `critical`.
 *
 * @example
 * ```ts
 * const risk: RiskLevel = "high";
 * ```
 */
export type RiskLevel = Schemas["RiskLevel"];
/**
 * A policy decision, in the wire's words: `allow`, `block`, `require_approval`.
 *
 * @example
 * ```ts
 * if (result.decision satisfies Decision) console.log(result.decision);
 * ```
 */
export type Decision = Schemas["Decision"];
/**
 * Who set the risk level: `server_classified` (github, linear) or `caller_supplied`.
 *
 * @example
 * ```ts
 * if (result.riskClassification === "server_classified") console.log("risk set by Sentrail");
 * ```
 */
export type RiskClassification = Schemas["RiskClassification"];
/**
 * Lifecycle of an approval request: `pending`, `approved`, `denied`, `expired`, `executed`, `failed`.
 *
 * @example
 * ```ts
 * const done = (status: ApprovalStatus) => status !== "pending";
 * ```
 */
export type ApprovalStatus = Schemas["ApprovalStatus"];
/**
 * A reviewer's answer: `approved` or `denied`.
 *
 * @example
 * ```ts
 * const decision: ReviewerDecision = "denied";
 * ```
 */
export type ReviewerDecision = Schemas["ReviewerDecision"];
/**
 * Status after a reviewer decision: `executed`, `failed`, `denied`, or `approved` (nothing to replay).
 *
 * @example
 * ```ts
 * if (result.status satisfies ApprovalDecisionFinalStatus) console.log(result.status);
 * ```
 */
export type ApprovalDecisionFinalStatus = Schemas["ApprovalDecisionFinalStatus"];
/**
 * An API key scope: `gateway`, `evaluate`, `mcp`.
 *
 * @example
 * ```ts
 * const scopes: Scope[] = ["evaluate", "mcp"];
 * ```
 */
export type Scope = Schemas["Scope"];
/**
 * A kill-switch operation: `enable`, `disable`, `pause_tool`, `resume_tool`.
 *
 * @example
 * ```ts
 * const action: KillSwitchAction = "pause_tool";
 * ```
 */
export type KillSwitchAction = Schemas["KillSwitchAction"];
/**
 * Body of `POST /evaluate-action`: `tool`, `action`, `riskLevel` and optional context.
 *
 * @example
 * ```ts
 * const input: EvaluateActionInput = {
 *   tool: "internal_api",
 *   action: "invoice.refund",
 *   riskLevel: "high",
 *   resourceId: "inv_42",
 * };
 * ```
 */
export type EvaluateActionInput = Schemas["EvaluateActionRequest"];
/**
 * An API key's metadata; never the raw key.
 *
 * @example
 * ```ts
 * for (const key of await admin.apiKeys.list(workspaceId)) console.log(key.keyPrefix, key.expiresAt);
 * ```
 */
export type ApiKeyInfo = Schemas["ApiKeyInfo"];
/**
 * Why an approved call failed (`result` of a `failed` approval).
 *
 * @example
 * ```ts
 * if (outcome.status === "failed") console.log((outcome.result as ExecutionFailure | null)?.error);
 * ```
 */
export type ExecutionFailure = Schemas["ExecutionFailure"];
/**
 * A JSON-RPC request id.
 *
 * @example
 * ```ts
 * const id: JsonRpcId = "call-1";
 * ```
 */
export type JsonRpcId = Schemas["JsonRpcId"];
/**
 * A JSON-RPC error object.
 *
 * @example
 * ```ts
 * if ("error" in response) console.log(response.error.code, response.error.message);
 * ```
 */
export type JsonRpcError = Schemas["JsonRpcError"];
/**
 * An MCP `tools/call` result, possibly carrying Sentrail's approval notice in `_meta.sentrail`.
 *
 * @example
 * ```ts
 * const result = (await client.mcpGate.request<McpToolsCallResult>("tools/call", { name: "create_issue" }));
 * ```
 */
export type McpToolsCallResult = Schemas["McpToolsCallResult"];
/**
 * Sentrail's approval notice on a deferred MCP `tools/call` (`result._meta.sentrail`).
 *
 * @example
 * ```ts
 * const meta = (result as McpToolsCallResult)._meta?.sentrail;
 * if (meta) console.log("approval pending:", meta.approvalRequestId);
 * ```
 */
export type McpSentrailMeta = Schemas["McpSentrailMeta"];
/**
 * `error.data` of an MCP call blocked by Sentrail (code `-32001`).
 *
 * @example
 * ```ts
 * const data = response.error.data as McpBlockedErrorData;
 * console.log(data.reason);
 * ```
 */
export type McpBlockedErrorData = Schemas["McpBlockedErrorData"];

/**
 * Input of `decideApproval`: `approvalRequestId`, `decision` (`approved` | `denied`), optional `reason`.
 *
 * @example
 * ```ts
 * await admin.decideApproval({ approvalRequestId, decision: "approved", reason: "Checked the diff" });
 * ```
 */
export type DecideApprovalInput = Schemas["ApprovalDecisionRequest"];
/**
 * Input of `killSwitch`: `enable`/`disable` a workspace, or `pause_tool`/`resume_tool` one tool.
 *
 * @example
 * ```ts
 * await admin.killSwitch({ workspaceId, action: "pause_tool", tool: "github" });
 * ```
 */
export type KillSwitchInput = Schemas["KillSwitchRequest"];

/**
 * Body of `POST /manage-api-keys` (internal: the admin client exposes one method per action).
 *
 * @example
 * ```ts
 * const body: ManageApiKeysRequestBody = { action: "list", workspaceId };
 * ```
 */
export type ManageApiKeysRequestBody = Schemas["ManageApiKeysRequest"];

type WithoutOk<T> = T extends unknown ? Omit<T, "ok"> : never;
/**
 * Answer of `decideApproval`, a union on `status`: `executed` (with the tool's `executionResult`),
 * `failed` (an `ExecutionFailure` or `null`), `denied`, or `approved` (nothing to replay).
 *
 * @example
 * ```ts
 * const result = await admin.decideApproval({ approvalRequestId, decision: "approved" });
 * if (result.status === "executed") console.log(result.executionResult);
 * ```
 */
export type ApprovalDecisionResult = WithoutOk<Schemas["ApprovalDecisionResponse"]>;
