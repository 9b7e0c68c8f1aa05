import type { RiskLevel } from "./engine-types.js";

/** Tool names the local interceptor treats as shell invocations (§6.5). */
export const SHELL_TOOL_NAMES: ReadonlySet<string> = new Set([
  "bash",
  "shell",
  "terminal",
  "execute_command",
  "run_command",
  "command",
]);

/** A shell command's classification (§6.5). */
export interface ShellClassification {
  action: string;
  riskLevel: RiskLevel;
}

/** The §6.5 table, tried top to bottom. Fixed expressions: no pattern is ever built from input. */
const SHELL_RULES: ReadonlyArray<{ test: RegExp; action: string; riskLevel: RiskLevel }> = [
  {
    test: /\brm\s+(?:[^\n;|&]*\s)?(?:-[A-Za-z]*[rR][A-Za-z]*|--recursive)\b/,
    action: "file.delete_recursive",
    riskLevel: "critical",
  },
  {
    test: /\bgit\s+push\b[^\n;|&]*\s(?:--force\b|-f\b|--force-with-lease\b)/,
    action: "git.force_push",
    riskLevel: "critical",
  },
  { test: /\bdrop\s+(?:table|database)\b|\btruncate\b/i, action: "sql.destructive", riskLevel: "critical" },
  {
    test: /\b(?:curl|wget)\b[^|\n]*\|\s*(?:sudo\s+)?(?:bash|sh|zsh)\b/,
    action: "shell.remote_exec",
    riskLevel: "critical",
  },
  { test: /\bchmod\s+(?:-R\s+)?0?777\b/, action: "file.permission_change", riskLevel: "high" },
  { test: /(?:^|[;&|]\s*)sudo\b/, action: "shell.sudo", riskLevel: "high" },
  { test: /\bdocker\s+(?:rm|rmi)\b/, action: "container.delete", riskLevel: "high" },
  { test: /\bkubectl\s+delete\b/, action: "k8s.delete", riskLevel: "high" },
  { test: /\bgit\s+reset\b[^\n;|&]*\s--hard\b/, action: "git.reset_hard", riskLevel: "high" },
  { test: /\bgit\s+push\b/, action: "git.push", riskLevel: "medium" },
  { test: /\bgit\s+branch\b[^\n;|&]*\s-D\b/, action: "git.branch_delete", riskLevel: "medium" },
];

/** First words of read-only commands (`ls`, `cat`, `grep`, `find`, `echo`, …). */
const READ_COMMANDS = new Set([
  "ls",
  "cat",
  "grep",
  "find",
  "echo",
  "head",
  "tail",
  "less",
  "more",
  "wc",
  "pwd",
  "whoami",
  "which",
  "tree",
  "stat",
  "file",
  "du",
  "df",
  "env",
  "printenv",
  "date",
  "uname",
  "id",
  "hostname",
  "sort",
  "uniq",
  "diff",
  "rg",
  "ag",
  "man",
  "type",
]);
const READ_GIT_SUBCOMMANDS = new Set(["status", "log", "diff", "show"]);

/**
 * Classifies a shell command for the local interceptor (§6.5): rows top to bottom, first match wins,
 * SQL keywords case-insensitive; read-only commands are `shell.read`/low; anything else
 * `unknown_write`/medium.
 *
 * @example
 * classifyShellCommand("rm -rf /tmp/x");            // { action: "file.delete_recursive", riskLevel: "critical" }
 * classifyShellCommand("git push --force origin"); // { action: "git.force_push", riskLevel: "critical" }
 * classifyShellCommand("cat README.md");           // { action: "shell.read", riskLevel: "low" }
 */
export function classifyShellCommand(command: string): ShellClassification {
  for (const rule of SHELL_RULES) {
    if (rule.test.test(command)) return { action: rule.action, riskLevel: rule.riskLevel };
  }
  const words = command.trim().split(/\s+/);
  const first = words[0] ?? "";
  if (READ_COMMANDS.has(first) || (first === "git" && READ_GIT_SUBCOMMANDS.has(words[1] ?? ""))) {
    return { action: "shell.read", riskLevel: "low" };
  }
  return { action: "unknown_write", riskLevel: "medium" };
}

/**
 * The command string of a shell tool call (§6.5): `arguments.command`, else `arguments.cmd`, else the
 * first string-valued argument; null when there is none.
 *
 * @example
 * readShellCommand({ command: "ls -la" }); // "ls -la"
 */
export function readShellCommand(toolArguments: unknown): string | null {
  if (toolArguments === null || typeof toolArguments !== "object" || Array.isArray(toolArguments))
    return null;
  const record = toolArguments as Record<string, unknown>;
  if (typeof record.command === "string") return record.command;
  if (typeof record.cmd === "string") return record.cmd;
  for (const value of Object.values(record)) if (typeof value === "string") return value;
  return null;
}
