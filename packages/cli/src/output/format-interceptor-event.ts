import { redactSecrets } from "@sentrail/client";
import type { LogLevel } from "../config/sentrail-config";
import type { InterceptorEvent } from "../interceptor/interceptor-event";
import type { Colors } from "./create-colors";

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const MAX_COMMAND = 80;

/**
 * One line of the `sentrail start` decision log, or null when `logLevel` hides it: green `allowed`,
 * red `blocked` (and every other refusal), yellow `awaiting approval` (contract §14). Commands are
 * redacted (`redactSecrets`) and cut at 80 characters. Decisions are `info`; upstream trouble `warn`.
 *
 * @example
 * formatInterceptorEvent(event, { colors, logLevel: "info", now: new Date() });
 * // "12:00:01 allowed   bash  shell.read/low  cat README.md  (14 ms)"
 */
export function formatInterceptorEvent(
  event: InterceptorEvent,
  options: { colors: Colors; logLevel: LogLevel; now?: Date },
): string | null {
  const { colors } = options;
  const level: LogLevel = event.kind === "upstream_error" ? "warn" : "info";
  if (RANK[level] < RANK[options.logLevel]) return null;
  const time = colors.dim((options.now ?? new Date()).toISOString().slice(11, 19));
  if (event.kind === "upstream_error") return `${time} ${colors.yellow("upstream")}  ${event.message}`;
  const { call } = event;
  const what = `${call.toolName}  ${call.action}/${call.riskLevel}${call.command === null ? "" : `  ${shorten(call.command)}`}`;
  if (event.kind === "awaiting_approval") {
    return `${time} ${colors.yellow("awaiting approval")}  ${what}  ${colors.dim(`request ${event.approvalRequestId}: ${redactSecrets(event.reason)}`)}`;
  }
  if (event.status === "executed")
    return `${time} ${colors.green("allowed")}  ${what}  ${colors.dim(`(${event.durationMs} ms)`)}`;
  if (event.status === "failed") {
    return `${time} ${colors.green("allowed")}  ${what}  ${colors.yellow(`upstream failed: ${redactSecrets(event.reason)}`)}`;
  }
  const label = event.status === "blocked" ? "blocked" : `blocked (${event.status.replace("_", " ")})`;
  return `${time} ${colors.red(label)}  ${what}  ${colors.dim(redactSecrets(event.reason))}`;
}

function shorten(command: string): string {
  const redacted = redactSecrets(command).replace(/\s+/g, " ");
  return redacted.length > MAX_COMMAND ? `${redacted.slice(0, MAX_COMMAND - 1)}…` : redacted;
}
