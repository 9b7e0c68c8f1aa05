import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { GuardOutcome, GuardOutcomeStatus } from "@sentrail/client";
import { describe, expect, it } from "vitest";
import { toMcpCallToolResult } from "./to-mcp-call-tool-result";

const toolResult: CallToolResult = { content: [{ type: "text", text: "Created #1" }] };
const fields = {
  toolName: "create_issue",
  callKey: "k",
  mode: "enforce" as const,
  decision: "require_approval" as const,
  reason: "Policy 'Review MCP writes' matched",
  auditLogId: "a1",
  correlationId: "c1",
  approvalRequestId: "r1",
  matchedPolicyId: null,
  wait: null,
  resume: null,
  error: new Error("agk_0123456789abcdef0123456789abcdef01234567 must never leak"),
};

function notExecuted(
  status: Exclude<GuardOutcomeStatus, "executed">,
  sideEffect: "not_started" | "unknown",
  retrySafe: boolean,
): GuardOutcome<CallToolResult> {
  const message = `Not executed (${status}).`;
  if (status === "failed") {
    return { ...fields, status, sideEffect, retrySafe, message, via: "sentrail_replay", ranAlthough: null };
  }
  return { ...fields, status, sideEffect, retrySafe, message };
}

// Every status of the outcome union, and what MCP hosts receive for it.
const table: Array<[string, GuardOutcome<CallToolResult>, CallToolResult]> = [
  [
    "executed (forwarded or replayed)",
    {
      ...fields,
      status: "executed",
      sideEffect: "executed",
      retrySafe: false,
      message: "Executed.",
      result: toolResult,
      via: "sentrail_replay",
      ranAlthough: null,
    },
    toolResult,
  ],
  ...(
    [
      ["blocked", "not_started", false],
      ["denied", "not_started", false],
      ["expired", "not_started", true],
      ["failed", "unknown", false],
      ["timed_out", "unknown", false],
      ["aborted", "unknown", false],
      ["kill_switch", "unknown", false],
      ["unavailable", "not_started", true],
    ] as const
  ).map(([status, sideEffect, retrySafe]): [string, GuardOutcome<CallToolResult>, CallToolResult] => [
    status,
    notExecuted(status, sideEffect, retrySafe),
    {
      content: [{ type: "text", text: `Not executed (${status}).` }],
      isError: true,
      _meta: {
        sentrail: {
          executed: false,
          status,
          sideEffect,
          retrySafe,
          reason: fields.reason,
          message: `Not executed (${status}).`,
          approvalRequestId: "r1",
          correlationId: "c1",
        },
      },
    },
  ]),
];

describe("toMcpCallToolResult", () => {
  it.each(table)("maps %s", (_name, outcome, expected) => {
    const result = toMcpCallToolResult(outcome);
    expect(result).toEqual(expected);
    expect(JSON.stringify(result)).not.toContain("agk_");
  });

  it("covers every outcome status", () => {
    const statuses = new Set(table.map(([, outcome]) => outcome.status));
    const all: GuardOutcomeStatus[] = [
      "executed",
      "failed",
      "blocked",
      "denied",
      "expired",
      "timed_out",
      "aborted",
      "kill_switch",
      "unavailable",
    ];
    expect([...statuses].sort()).toEqual([...all].sort());
  });
});
