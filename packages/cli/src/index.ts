// The public API of `sentrail` (the CLI's functions, for tests and scripts). Adding a line here is an
// API decision. The command line itself is `bin/sentrail.js`.

export type { RecordingUpstream } from "./checks/create-recording-upstream";
export { createRecordingUpstream } from "./checks/create-recording-upstream";
export type { StatusReport } from "./checks/read-status";
export { readStatus } from "./checks/read-status";
export type { DemoStep, RunDemoOptions } from "./checks/run-demo";
export { DEMO_ACTIONS, runDemo } from "./checks/run-demo";
export type {
  CheckReport,
  CheckStep,
  DestructiveActionCheckOptions,
} from "./checks/run-destructive-action-check";
export { CHECK_COMMANDS, runDestructiveActionCheck } from "./checks/run-destructive-action-check";
export type { EmbeddedSentrail } from "./checks/start-embedded-sentrail";
export { startEmbeddedSentrail } from "./checks/start-embedded-sentrail";
export type { McpSnippets } from "./config/create-mcp-snippets";
export { createMcpSnippets } from "./config/create-mcp-snippets";
export type {
  AskConfigField,
  InitConfigOptions,
  InitConfigResult,
  InitPromptField,
} from "./config/init-config";
export { INIT_PROMPT_FIELDS, initConfig } from "./config/init-config";
export { maskApiKey } from "./config/mask-api-key";
export type { ParsedConfig } from "./config/parse-config";
export { parseConfig } from "./config/parse-config";
export type { ConfigFile } from "./config/read-config";
export { readConfigFile } from "./config/read-config";
export { resolveConfigPath } from "./config/resolve-config-path";
export type { LogLevel, SentrailConfig } from "./config/sentrail-config";
export { DEFAULT_PORT, LOG_LEVELS } from "./config/sentrail-config";
export { validateConfigField } from "./config/validate-config-field";
export { writeConfig } from "./config/write-config";
export type { ToolCallClassification } from "./interceptor/classify-tool-call";
export { classifyToolCall } from "./interceptor/classify-tool-call";
export type { InterceptorUpstream, UpstreamConnection } from "./interceptor/create-upstream-connection";
export type { InterceptedCall, InterceptorEvent } from "./interceptor/interceptor-event";
export { JsonRpcError } from "./interceptor/json-rpc-error";
export type { UpstreamCommand } from "./interceptor/parse-upstream-command";
export { parseUpstreamCommand } from "./interceptor/parse-upstream-command";
export type { RunningInterceptor, StartInterceptorOptions } from "./interceptor/start-interceptor";
export { startInterceptor } from "./interceptor/start-interceptor";
export {
  APPROVAL_TIMED_OUT_MESSAGE,
  BLOCKED_ERROR_CODE,
  toJsonRpcError,
  UNREACHABLE_MESSAGE,
} from "./interceptor/to-json-rpc-error";
