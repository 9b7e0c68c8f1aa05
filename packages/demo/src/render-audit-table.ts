/** One line of the audit table: the columns a reviewer scans first. */
export interface AuditTableRow {
  /** ISO timestamp (`created_at`). */
  time: string;
  tool: string;
  action: string;
  decision: string;
  reason: string | null;
}

/** Options of {@link renderAuditTable}. */
export interface RenderAuditTableOptions {
  /** Colors a decision cell; receives the padded text. Default: no color. */
  paintDecision?: (decision: string, padded: string) => string;
  /** Longer reasons are cut with `…`. Default 52. */
  maxReasonWidth?: number;
}

const HEADERS: Record<keyof AuditTableRow, string> = {
  time: "time (UTC)",
  tool: "tool",
  action: "action",
  decision: "decision",
  reason: "reason",
};
const COLUMNS: Array<keyof AuditTableRow> = ["time", "tool", "action", "decision", "reason"];

/**
 * Renders audit rows as a compact, aligned plain-text table (two spaces between columns, a rule under
 * the header), oldest first as given. The time shows `HH:MM:SS.mmm` of the ISO timestamp (UTC); a
 * missing reason shows `–`. Colors are applied after padding, so alignment holds with or without them.
 *
 * Pure: returns the table as one string without a trailing newline; no rows renders the header and
 * `(no audit rows)`.
 *
 * @example
 * ```ts
 * renderAuditTable([{ time: "2026-01-01T10:00:00.123Z", tool: "github", action: "read", decision: "allow", reason: null }]);
 * // time (UTC)    tool    action  decision  reason
 * // ─────────────────────────────────────────────
 * // 10:00:00.123  github  read    allow     –
 * ```
 */
export function renderAuditTable(
  rows: readonly AuditTableRow[],
  options: RenderAuditTableOptions = {},
): string {
  const maxReasonWidth = options.maxReasonWidth ?? 52;
  const cells = rows.map((row) => ({
    time: formatTime(row.time),
    tool: row.tool,
    action: row.action,
    decision: row.decision,
    reason: truncate(row.reason ?? "–", maxReasonWidth),
  }));
  const widths = COLUMNS.map((column) =>
    Math.max(HEADERS[column].length, ...cells.map((cell) => cell[column].length)),
  );
  const header = COLUMNS.map((column, index) => HEADERS[column].padEnd(widths[index] ?? 0))
    .join("  ")
    .trimEnd();
  const rule = "─".repeat(widths.reduce((sum, width) => sum + width, 0) + 2 * (COLUMNS.length - 1));
  const lines = cells.map((cell) =>
    COLUMNS.map((column, index) => {
      const padded = cell[column].padEnd(widths[index] ?? 0);
      return column === "decision" && options.paintDecision
        ? options.paintDecision(cell.decision, padded)
        : padded;
    })
      .join("  ")
      .trimEnd(),
  );
  return [header, rule, ...(lines.length > 0 ? lines : ["(no audit rows)"])].join("\n");
}

/**
 * The audit table's view of a Sentrail audit-log row (`/__mock/state` `auditLogs[]`, the contract's
 * snake_case columns).
 *
 * @example
 * ```ts
 * toAuditTableRow({ created_at: "2026-01-01T10:00:00.000Z", tool: "mcp", action: "get_issue", decision: "block", reason: "Kill switch is active" });
 * ```
 */
export function toAuditTableRow(row: {
  created_at: string;
  tool: string;
  action: string;
  decision: string;
  reason: string | null;
}): AuditTableRow {
  return {
    time: row.created_at,
    tool: row.tool,
    action: row.action,
    decision: row.decision,
    reason: row.reason,
  };
}

function formatTime(iso: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(iso);
  if (!match) return iso;
  return `${match[1]}${(match[2] ?? ".000").padEnd(4, "0")}`;
}

function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}
