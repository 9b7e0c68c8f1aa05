import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type GuardOutcome, type GuardToolResult, toGuardToolResult } from "@sentrail/client";

/**
 * What `_meta.sentrail` holds on a tool result for a call that did not execute: the guard's
 * model-facing summary (`toGuardToolResult`), identical in every Sentrail adapter.
 *
 * @example
 * ```ts
 * const meta = result._meta?.sentrail as McpNotExecutedMeta | undefined;
 * if (meta?.status === "denied") console.log(meta.message);
 * ```
 */
export type McpNotExecutedMeta = Extract<GuardToolResult, { executed: false }>;

/**
 * The one place where a Sentrail outcome becomes MCP's vocabulary, a `CallToolResult`:
 *
 * | outcome | result |
 * |---|---|
 * | `executed` (allowed, or Sentrail's replay after approval) | the tool's own result, unchanged |
 * | every other status (`blocked`, `denied`, `expired`, `failed`, `timed_out`, `aborted`, `kill_switch`, `unavailable`) | `isError: true`, one text block with the outcome's `message`, and `_meta.sentrail` = {@link McpNotExecutedMeta} |
 *
 * MCP puts tool failures in the result (`isError`) rather than in a protocol error, so the model sees
 * them; the text says whether calling again is safe. Nothing else leaks: no error text, no payload,
 * no key.
 *
 * @example
 * ```ts
 * const outcome = await gate.callTool({ name: "delete_issue", arguments: { number: 7 } });
 * return toMcpCallToolResult(outcome); // blocked → { isError: true, content: [{ type: "text", text: "Not executed: blocked …" }], _meta: { sentrail: { … } } }
 * ```
 */
export function toMcpCallToolResult(outcome: GuardOutcome<CallToolResult>): CallToolResult {
  const summary = toGuardToolResult(outcome);
  if (summary.executed) return summary.result;
  return {
    content: [{ type: "text", text: summary.message }],
    isError: true,
    _meta: { sentrail: summary },
  };
}
