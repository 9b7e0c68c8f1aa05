import { describe, expect, it } from "vitest";
import { type AuditTableRow, renderAuditTable, toAuditTableRow } from "./render-audit-table";

const rows: AuditTableRow[] = [
  {
    time: "2026-11-22T01:22:11.983Z",
    tool: "github",
    action: "read",
    decision: "allow",
    reason: "Policy 'Allow reads' matched",
  },
  {
    time: "2026-11-22T01:22:12.5Z",
    tool: "mcp",
    action: "get_issue",
    decision: "block",
    reason: "Kill switch is active",
  },
  {
    time: "2026-11-22T01:22:13Z",
    tool: "system",
    action: "kill_switch.enable",
    decision: "allow",
    reason: null,
  },
];

describe("renderAuditTable", () => {
  it("aligns every column under its header, oldest row first", () => {
    expect(renderAuditTable(rows)).toBe(
      [
        "time (UTC)    tool    action              decision  reason",
        "─".repeat(80),
        "01:22:11.983  github  read                allow     Policy 'Allow reads' matched",
        "01:22:12.500  mcp     get_issue           block     Kill switch is active",
        "01:22:13.000  system  kill_switch.enable  allow     –",
      ].join("\n"),
    );
  });

  it("cuts long reasons with an ellipsis and flattens whitespace", () => {
    const table = renderAuditTable([{ ...rows[0]!, reason: "a\nvery   long reason indeed" }], {
      maxReasonWidth: 10,
    });
    expect(table.split("\n")[2]).toMatch(/allow {5}a very lo…$/);
  });

  it("colors decisions after padding, so alignment survives colors", () => {
    const table = renderAuditTable(rows, { paintDecision: (_decision, padded) => `<${padded}>` });
    const lines = table.split("\n");
    expect(lines[2]).toContain("<allow   >");
    expect(lines[3]).toContain("<block   >");
  });

  it("says so when there are no rows", () => {
    expect(renderAuditTable([]).split("\n")[2]).toBe("(no audit rows)");
  });
});

describe("toAuditTableRow", () => {
  it("takes the table's columns from a snake_case audit row", () => {
    expect(
      toAuditTableRow({
        created_at: "2026-11-22T01:22:11.983Z",
        tool: "github",
        action: "read",
        decision: "allow",
        reason: null,
      }),
    ).toEqual({
      time: "2026-11-22T01:22:11.983Z",
      tool: "github",
      action: "read",
      decision: "allow",
      reason: null,
    });
  });
});
