// The public API of @sentrail/ai-sdk-middleware: Sentrail for Vercel AI SDK tools (AI SDK 6 and 7).
// Adding a line here is an API decision.

export type { SentrailKillSwitchView } from "./create-kill-switch-tracker";
export type { SentrailApprovalInfo } from "./create-native-approvals";
export type {
  SentrailApprovalMode,
  SentrailGate,
  SentrailGateOptions,
  SentrailToolApproval,
  SentrailToolOptions,
} from "./create-sentrail-gate";
export { createSentrailGate } from "./create-sentrail-gate";
export type {
  SentrailToolFilterMiddleware,
  SentrailToolFilterMiddlewareOptions,
  ToolFilterCallOptions,
} from "./create-sentrail-tool-filter-middleware";
export { createSentrailToolFilterMiddleware } from "./create-sentrail-tool-filter-middleware";
export type {
  AiSdkToolAnswer,
  AiSdkToolQuestion,
  SentrailApprovalStatus,
  SentrailNotExecutedMode,
  SentrailToolNotExecuted,
} from "./to-ai-sdk-tool-answer";
export { isSentrailToolNotExecuted, toAiSdkToolAnswer } from "./to-ai-sdk-tool-answer";
export type { WithSentrailOptions } from "./with-sentrail";
export { withSentrail } from "./with-sentrail";
