// The public API of @sentrail/langchain-callback: gate LangChain tool calls through Sentrail.
// Enforcement in agents: createSentrailMiddleware (LangChain v1 wrapToolCall). Outside agents:
// SentrailCallbackHandler (raising, awaited callbacks) or wrapToolWithSentrail. The decision state
// machine is @sentrail/client's createGuard. Adding a line here is an API decision.

export type {
  KeyValueStoreLike,
  LangGraphGuardStoreOptions,
} from "./create-lang-graph-guard-store";
export { createLangGraphGuardStore } from "./create-lang-graph-guard-store";
export { createRefusalToolMessage } from "./create-refusal-tool-message";
export type { SentrailApprovalInterrupt } from "./create-sentrail-approval-interrupt";
export type {
  SentrailApprovalMode,
  SentrailMiddlewareOptions,
  SentrailToolCallEvent,
} from "./create-sentrail-middleware";
export { createSentrailMiddleware } from "./create-sentrail-middleware";
export { isSentrailApprovalInterrupt } from "./is-sentrail-approval-interrupt";
export type { GuardSource } from "./resolve-guard";
export type { SentrailCallbackHandlerOptions, SentrailRunLink } from "./sentrail-callback-handler";
export { SentrailCallbackHandler } from "./sentrail-callback-handler";
export { SentrailDuplicateCallError } from "./sentrail-duplicate-call-error";
export { SentrailToolNameError } from "./sentrail-tool-name-error";
export type { SentrailMessageMetadata, ToolMessageFields } from "./to-tool-message-fields";
export { toToolMessageFields } from "./to-tool-message-fields";
export type { NotExecutedBehavior, WrapToolWithSentrailOptions } from "./wrap-tool-with-sentrail";
export { wrapToolWithSentrail } from "./wrap-tool-with-sentrail";
