/**
 * An ISO timestamp as a person reads it, in UTC so every reviewer and the audit log agree:
 * `2026-12-06 22:51:59 UTC`. Null or unreadable → `"—"`.
 *
 * @example
 * formatTimestamp("2026-12-06T22:51:59.123Z"); // "2026-12-06 22:51:59 UTC"
 */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
