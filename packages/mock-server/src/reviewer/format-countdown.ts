/**
 * Time left until `expiresAt`, for an approval's countdown: `"23 h 59 min"`, `"4 min 05 s"`, `"12 s"`,
 * or `"expired"` once the time has passed (the mock expires a request at `now >= expires_at`).
 *
 * @example
 * formatCountdown("2026-01-01T00:01:05.000Z", Date.parse("2026-01-01T00:00:00.000Z")); // "1 min 05 s"
 */
export function formatCountdown(expiresAt: string, nowMs: number): string {
  // Rounded up: "expired" appears exactly when the mock expires the request, never earlier.
  const left = Math.ceil((Date.parse(expiresAt) - nowMs) / 1000);
  if (Number.isNaN(left) || left <= 0) return "expired";
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, "0")} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
  return `${seconds} s`;
}
