import { inferToolRiskLevel, type RiskLevel } from "@sentrail/client";
import { classifyShellCommand, readShellCommand, SHELL_TOOL_NAMES } from "@sentrail/mock-server/shell";

/** How the proxy describes one `tools/call` to Sentrail (evaluate-action with `tool: "mcp"`). */
export interface ToolCallClassification {
  /** The evaluate-action `action`: a §6.5 action for shell tools, else the MCP tool name. */
  action: string;
  /** Caller-supplied risk: §6.5 for shell tools, §6.3 (the name) for others. */
  riskLevel: RiskLevel;
  /** The shell command, for shell tools that carry one; null otherwise. */
  command: string | null;
}

/**
 * Classifies an MCP `tools/call` locally before it is evaluated (contract §6.5): a shell tool
 * (`bash`, `shell`, `terminal`, `execute_command`, `run_command`, `command`) is classified by its
 * command string (`arguments.command`, else `cmd`, else the first string argument) with the table the
 * mock uses too (`@sentrail/mock-server/shell`); any other tool by its name (§6.3: delete/destroy/drop/
 * remove → high, get/list/read → low, else medium). A shell tool without a command string is
 * `unknown_write`/medium.
 *
 * @example
 * classifyToolCall("bash", { command: "rm -rf /tmp/x" });
 * // → { action: "file.delete_recursive", riskLevel: "critical", command: "rm -rf /tmp/x" }
 * classifyToolCall("get_issue", { number: 1 }); // → { action: "get_issue", riskLevel: "low", command: null }
 */
export function classifyToolCall(toolName: string, toolArguments: unknown): ToolCallClassification {
  if (SHELL_TOOL_NAMES.has(toolName)) {
    const command = readShellCommand(toolArguments);
    if (command === null) return { action: "unknown_write", riskLevel: "medium", command: null };
    return { ...classifyShellCommand(command), command };
  }
  return { action: toolName, riskLevel: inferToolRiskLevel(toolName), command: null };
}
