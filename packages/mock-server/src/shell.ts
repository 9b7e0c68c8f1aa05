/**
 * `@sentrail/mock-server/shell`: the local CLI shell classifier of contract §6.5, the one table the mock
 * and the `sentrail` CLI share (so they can never disagree). Runtime-neutral and dependency-free: this
 * entry imports only the pure engine file, not the mock, MSW or any Node built-in.
 */
export {
  classifyShellCommand,
  readShellCommand,
  SHELL_TOOL_NAMES,
  type ShellClassification,
} from "./engine/classify-shell-command.js";
export type { RiskLevel } from "./engine/engine-types.js";
