import type { AuditLogRow } from "./engine-types.js";

/** The append-only `audit_logs` table (§9.2). */
export interface AuditLog {
  /** Freezes and appends a row; returns the frozen row. */
  append(row: AuditLogRow): AuditLogRow;
  /** Every row, oldest first (a copy of the list; the rows themselves are frozen). */
  list(): AuditLogRow[];
  /** Number of rows. */
  size(): number;
  /** Forgets every row (a mock reset, the only "purge"). */
  reset(): void;
}

/**
 * Creates the audit log: rows are appended and frozen (`Object.freeze`, their payload previews too),
 * never updated or deleted; reading returns the same frozen rows, so nothing can edit history.
 *
 * @example
 * const audit = createAuditLog();
 * const row = audit.append({ ...fields });
 * Object.isFrozen(row); // true
 */
export function createAuditLog(): AuditLog {
  let rows: AuditLogRow[] = [];
  return {
    append(row) {
      if (row.payload_preview !== null && typeof row.payload_preview === "object")
        Object.freeze(row.payload_preview);
      const frozen = Object.freeze(row);
      rows.push(frozen);
      return frozen;
    },
    list: () => rows.slice(),
    size: () => rows.length,
    reset() {
      rows = [];
    },
  };
}
